/**
 * Turns one element of a pattern's leaf array into a {@link Matcher}, rejecting exactly what
 * event-ruler's JsonRuleCompiler rejects, with its messages (which AWS passes through).
 */
import { foldCase } from './case-fold.js';
import { InvalidEventPatternError } from './errors.js';
import { ipToHex, looksLikeIp, parseCidr } from './ip-address.js';
import type { JsonValue } from './json-text.js';
import { parseAnythingBut } from './anything-but-parser.js';
import { parseNumeric } from './numeric-parser.js';
import type { Matcher } from './pattern-types.js';
import { MAX_WILDCARD_COMPLEXITY, parseWildcard, wildcardComplexity } from './wildcard.js';

const TOO_COMPLEX =
  'Rule is too complex - try using fewer wildcard characters or fewer repeating character sequences after a wildcard character';
const ONE_KEY = 'Only one key allowed in match expression';

/** Parses a leaf-array element at field `path`. */
export function parseMatchValue(value: JsonValue, path: string): Matcher {
  switch (value.type) {
    case 'string': {
      const ip = looksLikeIp(value.value) ? ipToHex(value.value) : undefined;
      return ip === undefined
        ? { op: 'exact', kind: 'string', value: value.value }
        : { op: 'exact', kind: 'string', value: value.value, ip };
    }
    case 'number':
      return { op: 'exact', kind: 'number', text: value.text, value: value.value };
    case 'true':
    case 'false':
    case 'null':
      return { op: 'exact', kind: value.type };
    case 'object':
      return parseExpression(value.entries, path);
    case 'array':
      throw new InvalidEventPatternError('Match value must be String, number, true, false, or null', path);
  }
}

type Entries = ReadonlyArray<readonly [string, JsonValue]>;

function parseExpression(entries: Entries, path: string): Matcher {
  const fail = (reason: string): never => {
    throw new InvalidEventPatternError(reason, path);
  };
  if (entries.length === 0) fail('Match expression name not found');
  const [name, value] = entries[0];
  const single = (m: Matcher, extraKeyReason = ONE_KEY): Matcher =>
    entries.length > 1 ? fail(extraKeyReason) : m;
  switch (name) {
    case 'exactly':
      if (value.type !== 'string') fail('exact match pattern must be a string');
      return single({ op: 'exact', kind: 'string', value: stringOf(value) });
    case 'prefix':
    case 'suffix':
      return single(parseAffix(name, value, fail));
    case 'equals-ignore-case':
      if (value.type !== 'string') fail('equals-ignore-case match pattern must be a string');
      return single({ op: 'equals-ignore-case', value: stringOf(value), folded: foldCase(stringOf(value)) });
    case 'wildcard': {
      if (value.type !== 'string') fail('wildcard match pattern must be a string');
      const text = stringOf(value);
      return single({ op: 'wildcard', value: text, segments: checkedWildcard(text, fail) });
    }
    case 'numeric':
      return single(parseNumeric(value, fail), 'Too many elements in numeric expression');
    case 'anything-but':
      return single(
        parseAnythingBut(value, fail, (t) => checkedWildcard(t, fail)),
        'Too many elements in numeric expression',
      );
    case 'exists':
      if (value.type !== 'true' && value.type !== 'false')
        fail('exists match pattern must be either true or false.');
      return single({ op: 'exists', value: value.type === 'true' });
    case 'cidr': {
      // event-ruler really says "prefix" here; AWS repeats it.
      if (value.type !== 'string') fail('prefix match pattern must be a string');
      const text = stringOf(value);
      try {
        return single({ op: 'cidr', value: text, ...parseCidr(text) });
      } catch (err) {
        if (err instanceof InvalidEventPatternError) throw err;
        return fail((err as Error).message);
      }
    }
    default:
      return fail(`Unrecognized match type ${name}`);
  }
}

function parseAffix(op: 'prefix' | 'suffix', value: JsonValue, fail: (r: string) => never): Matcher {
  if (value.type === 'object') {
    const label = op === 'prefix' ? 'Prefix' : 'Suffix';
    if (value.entries.length === 0) fail(`${label} expression name not found`);
    const [inner, text] = value.entries[0];
    if (inner !== 'equals-ignore-case') fail(`Unsupported ${op} pattern: ${inner}`);
    if (text.type !== 'string') fail('equals-ignore-case match pattern must be a string');
    if (value.entries.length > 1) fail(ONE_KEY);
    return { op, value: foldCase(stringOf(text)), ignoreCase: true };
  }
  if (value.type !== 'string') fail(`${op} match pattern must be a string`);
  return { op, value: stringOf(value), ignoreCase: false };
}

/** Parses a wildcard and enforces the complexity limit (AWS's "Rule is too complex"). */
function checkedWildcard(text: string, fail: (r: string) => never): string[] {
  let segments: string[] = [];
  try {
    segments = parseWildcard(text);
  } catch (err) {
    fail((err as Error).message);
  }
  if (wildcardComplexity(segments) > MAX_WILDCARD_COMPLEXITY) fail(TOO_COMPLEX);
  return segments;
}

function stringOf(value: JsonValue): string {
  return value.type === 'string' ? value.value : '';
}
