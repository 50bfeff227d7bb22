/**
 * `{"anything-but": ...}` in all its forms: a string or number, a list of strings or of numbers,
 * or an object `{prefix|suffix|equals-ignore-case|wildcard: string | string[]}`.
 * Messages are event-ruler's, including its quirks (AWS reports them verbatim).
 */
import { foldCase } from './case-fold.js';
import type { JsonValue } from './json-text.js';
import type { AnythingButMatcher } from './pattern-types.js';

type Fail = (reason: string) => never;
type Variant = 'prefix' | 'suffix' | 'equals-ignore-case' | 'wildcard';

const NOT_A_VALUE = 'Value of anything-but must be an array or single string/number value.';
const TOO_MANY = 'Too many elements in numeric expression';

export function parseAnythingBut(
  value: JsonValue,
  fail: Fail,
  parseWildcard: (text: string) => string[],
): AnythingButMatcher {
  if (value.type === 'object') return parseVariant(value.entries, fail, parseWildcard);
  if (value.type === 'string')
    return { op: 'anything-but', variant: 'values', strings: new Set([value.value]), numbers: [] };
  if (value.type === 'number')
    return { op: 'anything-but', variant: 'values', strings: new Set(), numbers: [finite(value, fail)] };
  if (value.type !== 'array') return fail(NOT_A_VALUE);
  const strings = new Set<string>();
  const numbers: number[] = [];
  for (const item of value.items) {
    if (item.type === 'string') strings.add(item.value);
    else if (item.type === 'number') numbers.push(finite(item, fail));
    else fail('Inside anything but list, start|null|boolean is not supported.');
  }
  if (strings.size > 0 === numbers.length > 0) {
    fail('Inside anything but list, either all values are number or string, mixed type is not supported');
  }
  return { op: 'anything-but', variant: 'values', strings, numbers };
}

function parseVariant(
  entries: ReadonlyArray<readonly [string, JsonValue]>,
  fail: Fail,
  parseWildcard: (text: string) => string[],
): AnythingButMatcher {
  if (entries.length === 0) fail('Anything-But expression name not found');
  const [name, operand] = entries[0];
  if (name !== 'prefix' && name !== 'suffix' && name !== 'equals-ignore-case' && name !== 'wildcard') {
    return fail(`Unsupported anything-but pattern: ${name}`);
  }
  const variant: Variant = name;
  let texts: string[];
  if (operand.type === 'array') {
    texts = operand.items.map((item) => textOf(item, variant, fail));
  } else if (operand.type === 'string' || operand.type === 'number') {
    texts = [textOf(operand, variant, fail)];
  } else {
    return fail(NOT_A_VALUE);
  }
  if (entries.length > 1) fail(TOO_MANY);
  if (variant === 'wildcard') {
    return { op: 'anything-but', variant, values: texts, segments: texts.map(parseWildcard) };
  }
  const values = variant === 'equals-ignore-case' ? texts.map(foldCase) : texts;
  return { op: 'anything-but', variant, values };
}

function textOf(item: JsonValue, variant: Variant, fail: Fail): string {
  if (item.type !== 'string') {
    if (variant === 'equals-ignore-case') {
      fail('Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.');
    }
    fail(
      variant === 'wildcard'
        ? 'wildcard match pattern must be a string'
        : 'prefix/suffix match pattern must be a string',
    );
  }
  const text = item.type === 'string' ? item.value : '';
  if ((variant === 'prefix' || variant === 'suffix') && text === '') fail('Null prefix/suffix not allowed');
  return text;
}

function finite(item: { readonly text: string; readonly value: number }, fail: Fail): number {
  return Number.isFinite(item.value)
    ? item.value
    : fail(`Value of anything-but is out of range: ${item.text}`);
}
