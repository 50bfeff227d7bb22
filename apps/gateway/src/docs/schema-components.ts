import { z } from 'zod';

/** A JSON Schema (draft 2020-12, the dialect of OpenAPI 3.1). */
export type JsonSchema = { [keyword: string]: unknown };

const COMPONENTS = '#/components/schemas/';

/**
 * Turns zod schemas into the document's JSON Schemas. A schema named with `.meta({ id })` becomes one
 * `components.schemas` entry that every use refers to with `$ref`.
 *
 * Both requests and answers are converted as zod's *input* shape: for requests that is what the
 * caller sends (before defaults and transforms); for answers it leaves objects open, where zod's
 * output shape would close them (`additionalProperties: false`) although answers may gain members.
 */
export class SchemaComponents {
  readonly schemas: Record<string, JsonSchema> = {};

  of(schema: z.ZodType): JsonSchema {
    const {
      $schema: _dialect,
      $defs,
      ...json
    } = z.toJSONSchema(schema, {
      io: 'input',
      // `z.undefined()` marks a member that must be left out.
      unrepresentable: (ctx) => (ctx.zodSchema._zod.def.type === 'undefined' ? { not: {} } : 'throw'),
      override: ({ jsonSchema }) => tidy(jsonSchema),
    }) as JsonSchema & { $defs?: Record<string, JsonSchema> };
    for (const [id, def] of Object.entries($defs ?? {})) this.add(id, toComponentRefs(def) as JsonSchema);
    return toComponentRefs(json) as JsonSchema;
  }

  private add(id: string, schema: JsonSchema): void {
    const known = this.schemas[id];
    if (known && JSON.stringify(known) !== JSON.stringify(schema))
      throw new Error(`Two different schemas are named ${id}`);
    this.schemas[id] = schema;
  }
}

/** Leaves out what zod adds that says nothing to a reader: the safe-integer bounds, string keys. */
function tidy(json: JsonSchema): void {
  if (json.minimum === Number.MIN_SAFE_INTEGER) delete json.minimum;
  if (json.maximum === Number.MAX_SAFE_INTEGER) delete json.maximum;
  const names = json.propertyNames as JsonSchema | undefined;
  if (names && Object.keys(names).length === 1 && names.type === 'string') delete json.propertyNames;
}

function toComponentRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toComponentRefs);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      k === '$ref' && typeof v === 'string' ? v.replace(/^#\/\$defs\//, COMPONENTS) : toComponentRefs(v),
    ]),
  );
}
