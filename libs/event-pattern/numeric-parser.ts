/**
 * `{"numeric": [...]}`: a single comparison (`=`, `<`, `<=`, `>`, `>=`) or a range whose lower
 * bound (`>`/`>=`) comes first and upper bound (`<`/`<=`) second. Bounds compare as IEEE-754
 * doubles over the full finite range (event-ruler since September 2024); a bound that overflows
 * to infinity is rejected rather than silently matching everything.
 */
import type { JsonValue } from './json-text.js';
import type { NumericMatcher } from './pattern-types.js';

type Fail = (reason: string) => never;

/** Jackson's text for the token at hand, used in event-ruler's messages. */
function tokenText(value: JsonValue | undefined): string {
  if (value === undefined) return ']';
  switch (value.type) {
    case 'string':
      return value.value;
    case 'number':
      return value.text;
    case 'object':
      return '{';
    case 'array':
      return '[';
    default:
      return value.type;
  }
}

export function parseNumeric(value: JsonValue, fail: Fail): NumericMatcher {
  if (value.type !== 'array') return fail('Value of numeric must be an array.');
  const items = value.items;
  const first = items[0];
  if (first?.type !== 'string') return fail(`Invalid member in numeric match: ${tokenText(first)}`);
  const op = first.value;
  const bound = (item: JsonValue | undefined, label: string): number => {
    if (item?.type !== 'number') return fail(`Value of ${label} must be numeric`);
    if (!Number.isFinite(item.value)) return fail(`Value of ${label} is out of range: ${item.text}`);
    return item.value;
  };
  const exactlyTwo = (): void => {
    if (items.length !== 2) fail('Too many elements in numeric expression');
  };
  switch (op) {
    case '=': {
      const v = bound(items[1], 'equals');
      exactlyTwo();
      return { op: 'numeric', lower: v, lowerInclusive: true, upper: v, upperInclusive: true };
    }
    case '<':
    case '<=': {
      const v = bound(items[1], op);
      exactlyTwo();
      return {
        op: 'numeric',
        lower: -Infinity,
        lowerInclusive: false,
        upper: v,
        upperInclusive: op === '<=',
      };
    }
    case '>':
    case '>=': {
      const lower = bound(items[1], op);
      const lowerInclusive = op === '>=';
      if (items.length === 2) {
        return { op: 'numeric', lower, lowerInclusive, upper: Infinity, upperInclusive: false };
      }
      const second = items[2];
      if (second.type !== 'string') return fail(`Bad value in numeric range: ${tokenText(second)}`);
      if (second.value !== '<' && second.value !== '<=')
        return fail(`Bad numeric range operator: ${second.value}`);
      const upper = bound(items[3], second.value);
      if (items.length !== 4) fail('Too many terms in numeric range expression');
      if (!(lower < upper)) fail('Bottom must be less than top');
      return { op: 'numeric', lower, lowerInclusive, upper, upperInclusive: second.value === '<=' };
    }
    default:
      return fail(`Unrecognized numeric range operator: ${op}`);
  }
}
