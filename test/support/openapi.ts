import { z } from 'zod';

/** The parts of an OpenAPI document the docs tests read. */
export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema>; securitySchemes: Record<string, Schema> };
}

export interface Operation {
  operationId: string;
  security: Array<Record<string, string[]>>;
  'x-hookbridge-roles': string[];
  parameters?: Array<{ name: string; in: string; required: boolean; schema: Schema }>;
  requestBody?: { required?: boolean; content: Record<string, { schema: Schema }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: Schema }> }>;
}

type Schema = { [keyword: string]: unknown };

/** `/v1/event-buses/{bus}` as Fastify writes it: `/v1/event-buses/:bus`. */
export const fastifyPath = (path: string) => path.replace(/\{([^}]+)\}/g, ':$1');

/**
 * A validator for the JSON answer `status` of an operation, built from the document's own JSON
 * Schema with zod's `z.fromJSONSchema` (zod is a dependency; ajv is only a transitive one). Objects
 * are closed for the check, so an answer with a member the document does not describe fails too.
 */
export function answerValidator(doc: OpenApiDocument, method: string, path: string, status: number) {
  const response = doc.paths[path]?.[method]?.responses[String(status)];
  const schema = response?.content?.['application/json']?.schema;
  if (!schema) throw new Error(`${method.toUpperCase()} ${path} documents no JSON answer ${status}`);
  const root = closed(toDefs({ ...schema, $defs: doc.components.schemas })) as Schema;
  return z.fromJSONSchema(root as Parameters<typeof z.fromJSONSchema>[0]);
}

/** Component references as `$defs` ones, which z.fromJSONSchema resolves. */
function toDefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toDefs);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      k === '$ref' && typeof v === 'string' ? v.replace('#/components/schemas/', '#/$defs/') : toDefs(v),
    ]),
  );
}

function closed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(closed);
  if (value === null || typeof value !== 'object') return value;
  const out = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, closed(v)])) as Schema;
  if (out.type === 'object' && out.properties && out.additionalProperties === undefined)
    out.additionalProperties = false;
  return out;
}
