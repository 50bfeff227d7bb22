import { z } from 'zod';

type Def = z.core.$ZodTypeDef & Record<string, unknown>;

/** Def members that hold one inner schema (optional, default, array, pipe, intersection, record…). */
const INNER = ['innerType', 'element', 'in', 'out', 'left', 'right', 'valueType', 'rest'] as const;
/** Def members that hold a list of them (union, discriminated union, tuple). */
const INNER_LISTS = ['options', 'items'] as const;

/**
 * The schema with every object of fixed shape made strict, at every depth: a member the object does
 * not declare becomes an `unrecognized_keys` issue instead of being dropped without a word (a typo
 * such as `evnetPattern` would otherwise be answered 200, and the rule saved without the pattern).
 *
 * What is free-form stays so: records (an event pattern, headers, an input paths map) keep any key,
 * and an object that says what its other members may be (`.catchall()`, `z.looseObject`) keeps
 * saying it. Refinements, defaults, transforms and metadata (descriptions, ids) are kept; the
 * schema given is not changed, a copy is returned.
 */
export function closed<T extends z.core.$ZodType>(schema: T): T {
  return close(schema, new Map()) as T;
}

function close(schema: z.core.$ZodType, done: Map<z.core.$ZodType, z.core.$ZodType>): z.core.$ZodType {
  const known = done.get(schema);
  if (known) return known;
  const def = schema._zod.def as Def;
  const changes: Record<string, unknown> = {};
  if (def.type === 'object') {
    const shape = (def as unknown as z.core.$ZodObjectDef).shape;
    changes.shape = Object.fromEntries(Object.entries(shape).map(([k, s]) => [k, close(s, done)]));
    if (def.catchall === undefined) changes.catchall = z.never();
  }
  if (def.type === 'lazy') {
    const getter = def.getter as () => z.core.$ZodType;
    changes.getter = () => close(getter(), done);
  }
  for (const key of INNER) {
    const inner = def[key];
    if (!(inner instanceof z.core.$ZodType)) continue;
    const copy = close(inner, done);
    if (copy !== inner) changes[key] = copy;
  }
  for (const key of INNER_LISTS) {
    const list = def[key];
    if (!Array.isArray(list)) continue;
    const copies = list.map((s: z.core.$ZodType) => close(s, done));
    if (copies.some((c, i) => c !== list[i])) changes[key] = copies;
  }
  if (Object.keys(changes).length === 0) {
    done.set(schema, schema);
    return schema;
  }
  const copy = z.core.util.clone(schema, { ...def, ...changes } as z.core.$ZodTypeDef);
  // Descriptions and ids live in the registry, keyed by the schema: the copy must say the same.
  const meta = z.globalRegistry.get(schema);
  if (meta) z.globalRegistry.add(copy, meta);
  done.set(schema, copy);
  return copy;
}
