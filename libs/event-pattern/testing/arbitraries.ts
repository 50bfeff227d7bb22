/**
 * fast-check generators for the property specs: event and pattern JSON *text* over a small shared
 * vocabulary (so random patterns actually hit random events), including number spellings that
 * JSON.parse would erase (`300.0`, `3e2`, `1e400`), dotted keys, duplicate keys, arrays of
 * objects and `$or`. Test support only; nothing in the library imports it.
 */
import fc from 'fast-check';

const json = (s: string): string => JSON.stringify(s);

export const keys = fc.constantFrom('a', 'b', 'c', 'a.b', 'd', '', '.b');

export const strings = fc.constantFrom(
  'x', 'y', 'X', 'xy', 'yx', '', '*', 'a*b', 'init-x', 'x.png', 'X.PNG', 'Straße', 'ΟΔΟΣ', 'οδοσ',
  '10.0.0.1', '10.0.0.200', '010.0.0.1', '2001:db8::1', '2001:DB8:0::1', 'null', '5', 'true',
); // prettier-ignore

export const numberTexts = fc.constantFrom(
  '0', '-0', '5', '5.0', '300', '300.0', '3e2', '3.018e2', '301.8', '1e400', '-1.5', '0.1', '1E-7',
  '9007199254740993', '9007199254740992', '123456789012',
); // prettier-ignore

const literals = fc.constantFrom('true', 'false', 'null');
const scalar = fc.oneof(strings.map(json), numberTexts, literals);

/** A JSON object text for an event (not necessarily an EventBridge envelope). */
export const eventText: fc.Arbitrary<string> = fc.letrec<{
  value: string;
  object: string;
  array: string;
  objects: string;
}>((tie) => ({
  value: fc.oneof(
    { maxDepth: 3, depthIdentifier: 'event' },
    scalar,
    scalar,
    tie('object'),
    tie('array'),
    tie('objects'),
  ),
  object: fc
    .array(fc.tuple(keys, tie('value')), { maxLength: 4 })
    .map((entries) => `{${entries.map(([k, v]) => `${json(k)}:${v}`).join(',')}}`),
  array: fc.array(tie('value'), { maxLength: 3 }).map((items) => `[${items.join(',')}]`),
  // Arrays of objects exercise event-ruler's array consistency.
  objects: fc.array(tie('object'), { minLength: 1, maxLength: 3 }).map((items) => `[${items.join(',')}]`),
})).object;

const wildcardText = fc
  .array(fc.constantFrom('x', 'y', '.', 'a', '*', '\\*', '\\\\', 'P'), { maxLength: 5 })
  .map((parts) => parts.join(''));
const stringList = fc
  .array(strings, { minLength: 1, maxLength: 3 })
  .map((xs) => `[${xs.map(json).join(',')}]`);
const oneOrList = (one: fc.Arbitrary<string>, list: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc.oneof(one, list);
const numberOp = fc.constantFrom('=', '<', '<=', '>', '>=');
const numeric = fc.oneof(
  fc.tuple(numberOp, numberTexts).map(([op, n]) => `{"numeric":["${op}",${n}]}`),
  fc
    .tuple(fc.constantFrom('>', '>='), numberTexts, fc.constantFrom('<', '<='), numberTexts)
    .map(([a, x, b, y]) => `{"numeric":["${a}",${x},"${b}",${y}]}`),
);
const cidrs = fc.constantFrom(
  '10.0.0.0/8',
  '10.0.0.0/24',
  '0.0.0.0/0',
  '10.0.0.200/31',
  '2001:db8::/32',
  '::/0',
  '10.0.0.1/32',
);

/** One element of a leaf array: a value or an operator expression (sometimes an invalid one). */
export const matcherText = fc.oneof(
  scalar,
  strings.map((s) => `{"prefix":${json(s)}}`),
  strings.map((s) => `{"suffix":${json(s)}}`),
  strings.map((s) => `{"prefix":{"equals-ignore-case":${json(s)}}}`),
  strings.map((s) => `{"suffix":{"equals-ignore-case":${json(s)}}}`),
  strings.map((s) => `{"equals-ignore-case":${json(s)}}`),
  wildcardText.map((s) => `{"wildcard":${json(s)}}`),
  oneOrList(strings.map(json), stringList).map((v) => `{"anything-but":${v}}`),
  oneOrList(
    numberTexts,
    fc.array(numberTexts, { minLength: 1, maxLength: 3 }).map((xs) => `[${xs}]`),
  ).map((v) => `{"anything-but":${v}}`),
  fc
    .tuple(
      fc.constantFrom('prefix', 'suffix', 'equals-ignore-case', 'wildcard'),
      oneOrList(strings.map(json), stringList),
    )
    .map(([op, v]) => `{"anything-but":{"${op}":${v}}}`),
  numeric,
  fc.boolean().map((b) => `{"exists":${b}}`),
  cidrs.map((c) => `{"cidr":${json(c)}}`),
);

const leafArray = fc.array(matcherText, { minLength: 1, maxLength: 2 }).map((ms) => `[${ms.join(',')}]`);

/** A pattern object at most `depth` levels deep (each level: nested keys or a `$or`). */
function patternObject(depth: number): fc.Arbitrary<string> {
  const member =
    depth === 0
      ? fc.tuple(keys, leafArray).map(([k, v]) => `${json(k)}:${v}`)
      : fc.oneof(
          { weight: 3, arbitrary: fc.tuple(keys, leafArray).map(([k, v]) => `${json(k)}:${v}`) },
          {
            weight: 1,
            arbitrary: fc.tuple(keys, patternObject(depth - 1)).map(([k, v]) => `${json(k)}:${v}`),
          },
          {
            weight: 1,
            arbitrary: fc
              .array(patternObject(depth - 1), { minLength: 2, maxLength: 3 })
              .map((objects) => `"$or":[${objects.join(',')}]`),
          },
        );
  return fc.array(member, { minLength: 1, maxLength: 3 }).map((members) => `{${members.join(',')}}`);
}

/** Pattern JSON text built from the grammar; most parse, some are rejected (e.g. `**`, empty prefix). */
export const patternText: fc.Arbitrary<string> = patternObject(2);

/** Anything at all that might be sent as a pattern or event. */
export const junkText = fc.oneof(
  fc.json(),
  fc.string(),
  patternText.map((p) => p.slice(0, Math.max(0, p.length - 2))),
  fc.tuple(patternText, fc.string({ maxLength: 3 })).map(([p, s]) => p.replace(/[[{"]/, s)),
);

const tiny = fc.constantFrom('x', 'y');
const tinyMatcher = fc.oneof(
  tiny.map(json),
  tiny.map((s) => `{"anything-but":${json(s)}}`),
  fc.constant('{"exists":true}'),
  fc.constant('{"exists":false}'),
  tiny.map((s) => `{"prefix":${json(s)}}`),
);
const tinyLeaf = fc.array(tinyMatcher, { minLength: 1, maxLength: 2 }).map((ms) => `[${ms.join(',')}]`);

/**
 * Focused on array consistency: events hold arrays of objects (possibly nested) over two fields
 * and two values, patterns name several of those fields, so "matches, but only across different
 * elements" comes up constantly.
 */
export const arrayCase = {
  event: fc
    .letrec<{ element: string; list: string }>((tie) => ({
      element: fc
        .array(
          fc.tuple(
            fc.constantFrom('b', 'c', 'd'),
            fc.oneof({ maxDepth: 2, depthIdentifier: 'arr' }, tiny.map(json), tie('list')),
          ),
          {
            maxLength: 3,
          },
        )
        .map((entries) => `{${entries.map(([k, v]) => `${json(k)}:${v}`).join(',')}}`),
      list: fc
        .array(fc.oneof(tie('element'), tiny.map(json)), { maxLength: 3 })
        .map((xs) => `[${xs.join(',')}]`),
    }))
    .list.map((list) => `{"a":${list},"z":"x"}`),
  pattern: fc
    .array(fc.tuple(fc.constantFrom('b', 'c', 'd', 'b.c', 'c.b'), tinyLeaf), { minLength: 1, maxLength: 3 })
    .chain((members) =>
      fc.constantFrom(
        `{"a":{${members.map(([k, v]) => `${json(k)}:${v}`).join(',')}}}`,
        `{"z":["x"],"a":{${members.map(([k, v]) => `${json(k)}:${v}`).join(',')}}}`,
        `{"$or":[{"a":{${members.map(([k, v]) => `${json(k)}:${v}`).join(',')}}},{"z":["y"]}]}`,
      ),
    ),
};

/** Focused on number spellings: exact numbers, anything-but numbers and ranges against number text. */
export const numberCase = {
  event: fc
    .array(fc.oneof(numberTexts, strings.map(json)), { minLength: 1, maxLength: 2 })
    .map((xs) => `{"n":${xs.length === 1 ? xs[0] : `[${xs.join(',')}]`},"s":"x"}`),
  pattern: fc
    .tuple(
      fc.array(
        fc.oneof(
          numberTexts,
          numeric,
          numberTexts.map((n) => `{"anything-but":${n}}`),
        ),
        { minLength: 1, maxLength: 2 },
      ),
      fc.boolean(),
    )
    .map(([ms, withString]) => `{"n":[${ms.join(',')}]${withString ? ',"s":["x"]' : ''}}`),
};
