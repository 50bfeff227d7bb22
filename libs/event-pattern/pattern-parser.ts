/**
 * Pattern text → validated {@link EventPattern}. Mirrors event-ruler's JsonRuleCompiler: keys are
 * joined into dotted paths, `$or` forks the branches built so far, and a path given twice in one
 * branch keeps the last value (event-ruler's default "overriding", which AWS shows for duplicate
 * JSON keys). Our own safety limits are documented in README.md.
 */
import { InvalidEventPatternError } from './errors.js';
import { JsonSyntaxError, parseJsonText, type JsonValue } from './json-text.js';
import { parseMatchValue } from './matcher-parser.js';
import type { EventPattern, FieldCondition, PatternBranch } from './pattern-types.js';

/** AWS service quota "Event pattern size": 2,048 characters. */
export const MAX_PATTERN_LENGTH = 2048;
/** Our limit on object/array nesting in a pattern; AWS documents none. */
export const MAX_PATTERN_DEPTH = 128;
/** Our limit on alternatives after expanding `$or`, which multiplies when nested or repeated. */
export const MAX_PATTERN_BRANCHES = 1024;

// event-ruler's RESERVED_FIELD_NAMES_IN_OR_RELATIONSHIP: an `$or` whose branches use any of
// these as a field name is not an `$or` at all but an ordinary field called "$or".
const RESERVED_IN_OR = new Set([
  'exactly', 'equals-ignore-case', 'prefix', 'suffix', 'anything-but', 'exists', 'wildcard', 'numeric', 'cidr',
  '=', '<', '<=', '>', '>=', 'regex', 'not-wildcard', 'not-equals-ignore-case', 'date-after', 'date-on-or-after',
  'date-before', 'date-on-or-before', 'in-date-range', 'ip-address-in-range', 'ip-address-not-in-range',
]); // prettier-ignore

type Branch = Map<string, FieldCondition>;
type Entries = ReadonlyArray<readonly [string, JsonValue]>;

/** Parses and validates a pattern given as JSON text or as a plain object (stringified first). */
export function parsePattern(pattern: string | object): EventPattern {
  const text = typeof pattern === 'string' ? pattern : stringify(pattern);
  if (text === undefined) throw new InvalidEventPatternError('Filter is not an object');
  if (text.length > MAX_PATTERN_LENGTH && [...text].length > MAX_PATTERN_LENGTH) {
    throw new InvalidEventPatternError(
      `Event pattern is ${[...text].length} characters long; the maximum is ${MAX_PATTERN_LENGTH}`,
    );
  }
  let root: JsonValue;
  try {
    root = parseJsonText(text, MAX_PATTERN_DEPTH);
  } catch (err) {
    if (err instanceof JsonSyntaxError) throw new InvalidEventPatternError(err.message);
    throw err;
  }
  if (root.type !== 'object') throw new InvalidEventPatternError('Filter is not an object');
  const branches: Branch[] = [];
  parseObject(root.entries, undefined, branches);
  return { text, branches: branches.map(toBranch) };
}

/** JSON text of an object argument; undefined when it has none (cycles, BigInt, functions). */
export function stringify(value: unknown): string | undefined {
  try {
    const text: unknown = JSON.stringify(value);
    return typeof text === 'string' ? text : undefined;
  } catch {
    return undefined;
  }
}

function toBranch(branch: Branch): PatternBranch {
  // UTF-16 code-unit order, as Java's String.compareTo sorts event-ruler's keys.
  const conditions = [...branch.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { conditions };
}

/** Dotted path of `key` under `path` (undefined at the top level: an empty key is a real step). */
function join(path: string | undefined, key: string): string {
  return path === undefined ? key : `${path}.${key}`;
}

function parseObject(entries: Entries, path: string | undefined, branches: Branch[]): void {
  if (entries.length === 0) throw new InvalidEventPatternError('Empty objects are not allowed', path);
  for (const [key, value] of entries) {
    if (key === '$or' && isOrKeyword(value)) {
      parseOr(value.type === 'array' ? value.items : [], path, branches);
      continue;
    }
    const child = join(path, key);
    if (value.type === 'object') parseObject(value.entries, child, branches);
    else if (value.type === 'array') writeCondition(branches, child, value.items);
    else throw new InvalidEventPatternError(`"${key}" must be an object or an array`, child);
  }
}

/** `$or` counts as the keyword only for an array of ≥ 2 objects free of reserved field names. */
function isOrKeyword(value: JsonValue): boolean {
  if (value.type !== 'array' || value.items.length < 2) return false;
  return value.items.every((item) => item.type === 'object' && !usesReservedName(item.entries));
}

function usesReservedName(entries: Entries): boolean {
  return entries.some(
    ([key, value]) =>
      RESERVED_IN_OR.has(key) ||
      (key !== '$or' && value.type === 'object' && usesReservedName(value.entries)),
  );
}

function parseOr(items: readonly JsonValue[], path: string | undefined, branches: Branch[]): void {
  const before = branches.map((b) => new Map(b));
  branches.length = 0;
  for (const item of items) {
    const forked = before.length === 0 ? [new Map()] : before.map((b) => new Map(b));
    parseObject(item.type === 'object' ? item.entries : [], path, forked);
    branches.push(...forked);
    if (branches.length > MAX_PATTERN_BRANCHES) {
      throw new InvalidEventPatternError(
        `$or expands to more than ${MAX_PATTERN_BRANCHES} alternative combinations`,
        path,
      );
    }
  }
}

function writeCondition(branches: Branch[], path: string, items: readonly JsonValue[]): void {
  const matchers = items.map((item) => parseMatchValue(item, path));
  if (matchers.length === 0) throw new InvalidEventPatternError('Empty arrays are not allowed', path);
  if (branches.length === 0) branches.push(new Map());
  const condition: FieldCondition = { path, matchers };
  for (const branch of branches) branch.set(path, condition);
}
