/**
 * The reference interpreter: a deliberately plain, recursive reading of the matching rules, with
 * no indexes, no streaming and no shared evaluation code with the compiled matcher (wildcards are
 * regexes here, array elements are compared by identity). Property tests hold the compiled
 * matcher to it. Not for production use: it re-parses the event for every call.
 */
import { foldCase } from './case-fold.js';
import { InvalidEventError } from './errors.js';
import { MAX_EVENT_DEPTH } from './event-flattener.js';
import { ipToHex, looksLikeIp } from './ip-address.js';
import { JsonSyntaxError, parseJsonText, type JsonValue } from './json-text.js';
import type { EventPattern, FieldCondition, Matcher } from './pattern-types.js';

/** Where a leaf sits: which element of each enclosing array of objects/arrays. */
type Trail = ReadonlyArray<{ readonly array: JsonValue; readonly index: number }>;
type Scalar = Extract<JsonValue, { type: 'string' | 'number' | 'true' | 'false' | 'null' }>;

interface RefLeaf {
  readonly path: string;
  readonly value: Scalar;
  readonly trail: Trail;
}

export function referenceMatch(pattern: EventPattern, eventJson: string): boolean {
  let root: JsonValue;
  try {
    root = parseJsonText(eventJson, MAX_EVENT_DEPTH);
  } catch (err) {
    if (err instanceof JsonSyntaxError) throw new InvalidEventError(err.message);
    throw err;
  }
  if (root.type !== 'object') throw new InvalidEventError('the event must be a JSON object');
  const leaves: RefLeaf[] = [];
  collectLeaves(root, undefined, [], leaves);
  return pattern.branches.some((branch) => satisfies(branch.conditions, 0, [], leaves));
}

function collectLeaves(node: JsonValue, path: string | undefined, trail: Trail, out: RefLeaf[]): void {
  if (node.type === 'object') {
    for (const [key, value] of node.entries)
      collectLeaves(value, path === undefined ? key : `${path}.${key}`, trail, out);
  } else if (node.type === 'array') {
    node.items.forEach((item, index) => {
      const nested = item.type === 'object' || item.type === 'array';
      collectLeaves(item, path, nested ? [...trail, { array: node, index }] : trail, out);
    });
  } else {
    // A scalar event (impossible: the root is an object) would have no path.
    out.push({ path: path ?? '', value: node, trail });
  }
}

function compatible(a: Trail, b: Trail): boolean {
  return a.every((x) => b.every((y) => x.array !== y.array || x.index === y.index));
}

/** Conditions are tried in path order, each choosing a leaf compatible with earlier choices. */
function satisfies(
  conditions: readonly FieldCondition[],
  i: number,
  chosen: Trail,
  leaves: RefLeaf[],
): boolean {
  if (i === conditions.length) return true;
  const condition = conditions[i];
  const reachable = leaves.filter((leaf) => leaf.path === condition.path && compatible(chosen, leaf.trail));
  for (const leaf of reachable) {
    if (
      condition.matchers.some((m) => holds(m, leaf.value)) &&
      satisfies(conditions, i + 1, [...chosen, ...leaf.trail], leaves)
    ) {
      return true;
    }
  }
  const absentAllowed = condition.matchers.some((m) => m.op === 'exists' && !m.value);
  return absentAllowed && reachable.length === 0 && satisfies(conditions, i + 1, chosen, leaves);
}

function holds(m: Matcher, v: Scalar): boolean {
  const str = v.type === 'string' ? v.value : undefined;
  const num = v.type === 'number' ? Number(v.text) : undefined;
  switch (m.op) {
    case 'exact':
      if (m.kind === 'string')
        return str !== undefined && (str === m.value || (m.ip !== undefined && ipOf(str) === m.ip));
      if (m.kind === 'number')
        return (
          num !== undefined &&
          ((v.type === 'number' && v.text === m.text) || (isFinite(m.value) && num === m.value))
        );
      return v.type === m.kind;
    case 'prefix':
      return str !== undefined && (m.ignoreCase ? foldCase(str) : str).slice(0, m.value.length) === m.value;
    case 'suffix':
      return (
        str !== undefined &&
        (m.value === '' || (m.ignoreCase ? foldCase(str) : str).slice(-m.value.length) === m.value)
      );
    case 'equals-ignore-case':
      return str !== undefined && foldCase(str) === foldCase(m.value);
    case 'wildcard':
      return str !== undefined && wildcardRegex(m.segments).test(str);
    case 'numeric':
      if (num === undefined || !isFinite(num)) return false;
      return (
        (m.lowerInclusive ? num >= m.lower : num > m.lower) &&
        (m.upperInclusive ? num <= m.upper : num < m.upper)
      );
    case 'cidr': {
      const hex = str === undefined ? undefined : ipOf(str);
      return hex !== undefined && hex.length === m.low.length && m.low <= hex && hex <= m.high;
    }
    case 'exists':
      return m.value;
    case 'anything-but':
      if (m.variant === 'values') {
        if (str !== undefined) return !m.strings.has(str);
        return num === undefined || !isFinite(num) || !m.numbers.some((n) => n === num);
      }
      if (str === undefined) return true;
      if (m.variant === 'wildcard') return !m.segments.some((segments) => wildcardRegex(segments).test(str));
      if (m.variant === 'prefix') return m.values.every((p) => str.slice(0, p.length) !== p);
      if (m.variant === 'suffix') return m.values.every((s) => str.slice(-s.length) !== s);
      return !m.values.includes(foldCase(str));
  }
}

function ipOf(text: string): string | undefined {
  return looksLikeIp(text) ? ipToHex(text) : undefined;
}

function wildcardRegex(segments: readonly string[]): RegExp {
  const literal = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${segments.map(literal).join('[\\s\\S]*')}$`);
}
