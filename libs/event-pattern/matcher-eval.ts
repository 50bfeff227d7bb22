/**
 * Whether one leaf value satisfies one matcher, with event-ruler's type rules: string operators
 * only see strings, numeric operators only JSON numbers, and `anything-but` excludes only values
 * of the listed kind (so `{"anything-but": "x"}` matches `null`, `5` and `true`).
 *
 * Matchers are compiled once into small closures: each closure's code sees one matcher shape,
 * which keeps V8's property access monomorphic on the hot verification path.
 */
import { foldCase } from './case-fold.js';
import { ipToHex } from './ip-address.js';
import { finiteNumber, type Leaf } from './leaf.js';
import type { AnythingButMatcher, Matcher } from './pattern-types.js';
import { matchWildcard } from './wildcard.js';

export type LeafTest = (leaf: Leaf) => boolean;

export function foldedText(leaf: Leaf): string {
  return (leaf.folded ??= foldCase(leaf.text));
}

/** Canonical hex of a string leaf that is an IP literal; undefined otherwise. */
export function leafIp(leaf: Leaf): string | undefined {
  const ip = (leaf.ip ??= (leaf.kind === 'string' ? ipToHex(leaf.text) : undefined) ?? '');
  return ip === '' ? undefined : ip;
}

const NEVER: LeafTest = () => false;

/** One test for a condition's alternatives (OR); `exists: false` never matches a present leaf. */
export function compileTest(matchers: readonly Matcher[]): LeafTest {
  const tests = matchers.map(compileMatcher);
  if (tests.length === 0) return NEVER;
  if (tests.length === 1) return tests[0];
  if (tests.length === 2) {
    const [a, b] = tests;
    return (leaf) => a(leaf) || b(leaf);
  }
  return (leaf) => {
    for (let i = 0; i < tests.length; i++) if (tests[i](leaf)) return true;
    return false;
  };
}

function compileMatcher(m: Matcher): LeafTest {
  switch (m.op) {
    case 'exact':
      return compileExact(m);
    case 'prefix': {
      const v = m.value;
      return m.ignoreCase
        ? (leaf) => leaf.kind === 'string' && foldedText(leaf).startsWith(v)
        : (leaf) => leaf.kind === 'string' && leaf.text.startsWith(v);
    }
    case 'suffix': {
      const v = m.value;
      return m.ignoreCase
        ? (leaf) => leaf.kind === 'string' && foldedText(leaf).endsWith(v)
        : (leaf) => leaf.kind === 'string' && leaf.text.endsWith(v);
    }
    case 'equals-ignore-case': {
      const v = m.folded;
      return (leaf) => leaf.kind === 'string' && foldedText(leaf) === v;
    }
    case 'wildcard': {
      const segments = m.segments;
      return (leaf) => leaf.kind === 'string' && matchWildcard(segments, leaf.text);
    }
    case 'anything-but':
      return compileAnythingBut(m);
    case 'numeric': {
      const { lower, upper, lowerInclusive, upperInclusive } = m;
      return (leaf) => {
        const n = finiteNumber(leaf);
        if (n === undefined) return false;
        return (lowerInclusive ? n >= lower : n > lower) && (upperInclusive ? n <= upper : n < upper);
      };
    }
    case 'cidr': {
      const { low, high } = m;
      return (leaf) => {
        const hex = leafIp(leaf);
        return hex !== undefined && hex.length === low.length && hex >= low && hex <= high;
      };
    }
    case 'exists':
      return m.value ? () => true : NEVER;
  }
}

function compileExact(m: Extract<Matcher, { op: 'exact' }>): LeafTest {
  if (m.kind === 'string') {
    const { value, ip } = m;
    if (ip === undefined) return (leaf) => leaf.kind === 'string' && leaf.text === value;
    return (leaf) => leaf.kind === 'string' && (leaf.text === value || leafIp(leaf) === ip);
  }
  if (m.kind === 'number') {
    // Value equality makes `300` match `300.0`; text equality covers numbers beyond double range.
    const { text, value } = m;
    if (!Number.isFinite(value)) return (leaf) => leaf.kind === 'number' && leaf.text === text;
    return (leaf) => leaf.kind === 'number' && leaf.num === value;
  }
  const kind = m.kind;
  return (leaf) => leaf.kind === kind;
}

function compileAnythingBut(m: AnythingButMatcher): LeafTest {
  switch (m.variant) {
    case 'values': {
      const { strings, numbers } = m;
      return (leaf) => {
        if (leaf.kind === 'string') return !strings.has(leaf.text);
        const n = finiteNumber(leaf);
        return n === undefined || !numbers.includes(n);
      };
    }
    case 'prefix': {
      const values = m.values;
      return (leaf) => leaf.kind !== 'string' || !values.some((v) => leaf.text.startsWith(v));
    }
    case 'suffix': {
      const values = m.values;
      return (leaf) => leaf.kind !== 'string' || !values.some((v) => leaf.text.endsWith(v));
    }
    case 'equals-ignore-case': {
      const values = m.values;
      return (leaf) => leaf.kind !== 'string' || !values.includes(foldedText(leaf));
    }
    case 'wildcard': {
      const segments = m.segments;
      return (leaf) => leaf.kind !== 'string' || !segments.some((s) => matchWildcard(s, leaf.text));
    }
  }
}
