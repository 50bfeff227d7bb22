/**
 * Matching semantics at the spots the conformance corpora cover thinly: `$or`, fields taken from
 * different elements of one array, number spellings, CIDR edge prefixes, escaped wildcards,
 * null/empty/missing, case folding, dotted and duplicate keys.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { compileRules, parsePattern, referenceMatch } from './index.js';

/** Matches through the compiled matcher and checks the reference interpreter agrees. */
function matches(pattern: string | object, event: string | object): boolean {
  const p = parsePattern(pattern);
  const text = typeof event === 'string' ? event : JSON.stringify(event);
  const compiled = compileRules([{ id: 'r', pattern: p }]).match(text).length === 1;
  assert.equal(referenceMatch(p, text), compiled, 'reference interpreter disagrees');
  return compiled;
}

describe('$or', () => {
  const p = { source: ['s'], $or: [{ a: ['1'] }, { b: { c: ['2'] }, d: ['3'] }] };
  test('each branch keeps the outer fields', () => {
    assert.equal(matches(p, { source: 's', a: '1' }), true);
    assert.equal(matches(p, { source: 's', b: { c: '2' }, d: '3' }), true);
    assert.equal(matches(p, { source: 't', a: '1' }), false);
    assert.equal(matches(p, { source: 's', b: { c: '2' } }), false, 'a branch is a conjunction');
  });
  test('nested and repeated $or multiply out', () => {
    const q = { $or: [{ a: ['1'] }, { a: ['2'] }], x: { $or: [{ b: ['1'] }, { c: ['1'] }] } };
    assert.equal(parsePattern(q).branches.length, 4);
    assert.equal(matches(q, { a: '2', x: { c: '1' } }), true);
    assert.equal(matches(q, { a: '3', x: { c: '1' } }), false);
  });
  test('an $or with one object, or with reserved field names, is an ordinary field', () => {
    assert.equal(
      parsePattern({ $or: [{ prefix: 'a' }, { suffix: 'z' }] }).branches[0].conditions[0].path,
      '$or',
    );
    assert.equal(matches({ $or: [{ prefix: 'a' }, { suffix: 'z' }] }, { $or: 'abz' }), true);
    assert.throws(() => parsePattern({ $or: [{ a: ['1'] }] }), /Unrecognized match type a/);
  });
  test('a field repeated inside a branch overrides the outer one (event-ruler overriding)', () => {
    const q = { a: ['outer'], $or: [{ a: ['inner'] }, { b: ['x'] }] };
    assert.equal(matches(q, { a: 'inner' }), true);
    assert.equal(matches(q, { a: 'outer', b: 'x' }), true);
    assert.equal(matches(q, { a: 'outer' }), false);
  });
});

describe('arrays', () => {
  const employees = {
    employees: [
      { first: 'Anna', last: 'Smith' },
      { first: 'Peter', last: 'Jones' },
    ],
  };
  test('any element can match a single field', () => {
    assert.equal(matches({ employees: { first: ['Peter'] } }, employees), true);
    assert.equal(matches({ tags: ['b'] }, { tags: ['a', 'b'] }), true);
    assert.equal(matches({ tags: ['c'] }, { tags: ['a', 'b'] }), false);
  });
  test('two fields must come from the same element', () => {
    assert.equal(matches({ employees: { first: ['Anna'], last: ['Smith'] } }, employees), true);
    assert.equal(matches({ employees: { first: ['Anna'], last: ['Jones'] } }, employees), false);
  });
  test('the rule holds through nested arrays and outer fields', () => {
    const nested = { groups: [[{ n: 'a', v: 1 }], [{ n: 'b', v: 2 }]], top: 'x' };
    assert.equal(matches({ top: ['x'], groups: { n: ['b'], v: [2] } }, nested), true);
    assert.equal(matches({ groups: { n: ['a'], v: [2] } }, nested), false);
  });
  test('exists:false is judged against the fields chosen before it, in path order', () => {
    // event-ruler visits sorted paths: items.sku is chosen before items.wrap is checked...
    const items = { items: [{ sku: 'A', wrap: true }, { sku: 'B' }] };
    assert.equal(matches({ items: { sku: ['B'], wrap: [{ exists: false }] } }, items), true);
    assert.equal(matches({ items: { sku: ['A'], wrap: [{ exists: false }] } }, items), false);
    // ...but items.gift sorts before items.sku, so it is checked against no chosen element at
    // all and any element carrying the field makes it fail (event-ruler's order dependence).
    const gifts = { items: [{ sku: 'A', gift: true }, { sku: 'B' }] };
    assert.equal(matches({ items: { sku: ['B'], gift: [{ exists: false }] } }, gifts), false);
  });
  test('an empty array is absent, and scalar elements carry no element identity', () => {
    assert.equal(matches({ r: [{ exists: true }] }, { r: [] }), false);
    assert.equal(matches({ r: [{ exists: false }] }, { r: [] }), true);
    assert.equal(matches({ r: ['a'], s: ['b'] }, { r: ['x', 'a'], s: ['b'] }), true);
  });
});

describe('numbers', () => {
  test('exact numbers compare by value, whatever the spelling', () => {
    assert.equal(matches('{"n":[300]}', '{"n":300.0}'), true);
    assert.equal(matches('{"n":[3e2]}', '{"n":300}'), true);
    assert.equal(matches('{"n":[0]}', '{"n":-0}'), true);
    assert.equal(matches('{"n":[300]}', '{"n":"300"}'), false, 'a string is not a number');
    assert.equal(matches('{"n":["300"]}', '{"n":300}'), false);
  });
  test('numbers beyond double range match by their text only', () => {
    assert.equal(matches('{"n":[1e400]}', '{"n":1e400}'), true);
    assert.equal(matches('{"n":[1e400]}', '{"n":2e400}'), false);
    assert.throws(() => parsePattern('{"n":[{"numeric":[">",1e400]}]}'), /out of range/);
  });
  test('precision is IEEE-754 double: integers past 2^53 collapse, as in event-ruler', () => {
    assert.equal(matches('{"n":[9007199254740993]}', '{"n":9007199254740992}'), true);
    assert.equal(matches('{"n":[0.1]}', '{"n":0.10000000000000001}'), true);
    assert.equal(matches('{"n":[1.0000001]}', '{"n":1.0000002}'), false);
  });
  test('numeric ranges, bounds and exponents', () => {
    const range = '{"n":[{"numeric":[">",0,"<=",5]}]}';
    assert.deepEqual(['0', '0.000001', '5', '5.0000001', '5e0', '-1'].map((n) => matches(range, `{"n":${n}}`)), [
      false, true, true, false, true, false,
    ]); // prettier-ignore
    assert.equal(matches('{"n":[{"numeric":["=",3.018e2]}]}', '{"n":301.8}'), true);
    assert.equal(matches('{"n":[{"numeric":["<",1E-7]}]}', '{"n":1e-8}'), true);
    assert.equal(matches('{"n":[{"numeric":[">=",-5]}]}', '{"n":null}'), false);
    assert.throws(() => parsePattern('{"n":[{"numeric":[">",5,"<",5]}]}'), /Bottom must be less than top/);
  });
  test('anything-but numbers excludes by value and lets strings through', () => {
    const p = '{"n":[{"anything-but":[100,200]}]}';
    assert.equal(matches(p, '{"n":100.0}'), false);
    assert.equal(matches(p, '{"n":"100"}'), true);
    assert.equal(matches(p, '{"n":150}'), true);
  });
});

describe('cidr and IP literals', () => {
  test('/0 matches every address of its family', () => {
    assert.equal(matches({ ip: [{ cidr: '0.0.0.0/0' }] }, { ip: '255.1.2.3' }), true);
    assert.equal(matches({ ip: [{ cidr: '0.0.0.0/0' }] }, { ip: '2001:db8::1' }), false);
    assert.equal(matches({ ip: [{ cidr: '::/0' }] }, { ip: 'fe80::1' }), true);
  });
  test('/32 and /128 are rejected as event-ruler does; a bare address matches one address', () => {
    assert.throws(() => parsePattern({ ip: [{ cidr: '10.0.0.1/32' }] }), /IPv4 mask bits must be < 32/);
    assert.throws(() => parsePattern({ ip: [{ cidr: '2001:db8::1/128' }] }), /IPv6 mask bits must be < 128/);
    assert.equal(matches({ ip: [{ cidr: '10.0.0.0/31' }] }, { ip: '10.0.0.1' }), true);
    assert.equal(matches({ ip: ['10.0.0.1'] }, { ip: '10.0.0.1' }), true);
    assert.equal(matches({ ip: ['2001:db8::1'] }, { ip: '2001:0DB8:0:0:0:0:0:1' }), true);
  });
  test('the base address is masked and IPv4 octets are decimal', () => {
    assert.equal(matches({ ip: [{ cidr: '10.0.0.7/24' }] }, { ip: '10.0.0.1' }), true);
    assert.equal(matches({ ip: [{ cidr: '10.0.0.0/24' }] }, { ip: '010.000.000.009' }), true);
    assert.equal(matches({ ip: [{ cidr: '10.0.0.0/24' }] }, { ip: '10.0.1.0' }), false);
    assert.equal(matches({ ip: [{ cidr: '10.0.0.0/24' }] }, { ip: 10 }), false);
  });
});

describe('wildcards', () => {
  test('\\* is a literal star and \\\\ a literal backslash', () => {
    assert.equal(matches({ f: [{ wildcard: 'a\\*b' }] }, { f: 'a*b' }), true);
    assert.equal(matches({ f: [{ wildcard: 'a\\*b' }] }, { f: 'axxb' }), false);
    assert.equal(matches({ f: [{ wildcard: 'a\\\\*' }] }, { f: 'a\\tail' }), true);
    assert.equal(matches({ f: [{ wildcard: '*\\**' }] }, { f: 'x*y' }), true);
  });
  test('escape and repetition errors report event-ruler positions', () => {
    assert.throws(() => parsePattern({ f: [{ wildcard: 'ab\\c' }] }), /Invalid escape character at pos 3/);
    assert.throws(
      () => parsePattern({ f: [{ wildcard: 'é**' }] }),
      /Consecutive wildcard characters at pos 3/,
    );
  });
  test('star matches the empty run; the empty wildcard matches only the empty string', () => {
    assert.equal(matches({ f: [{ wildcard: 'a*' }] }, { f: 'a' }), true);
    assert.equal(matches({ f: [{ wildcard: '' }] }, { f: '' }), true);
    assert.equal(matches({ f: [{ wildcard: '' }] }, { f: 'x' }), false);
    assert.equal(matches({ f: [{ wildcard: 'a*a' }] }, { f: 'a' }), false, 'head and tail may not overlap');
    assert.equal(matches({ f: [{ wildcard: 'a*b*a' }] }, { f: 'aba' }), true);
  });
});

describe('null, empty and missing', () => {
  test('null, "" and a missing field are all different', () => {
    assert.equal(matches({ v: [null] }, { v: null }), true);
    assert.equal(matches({ v: [null] }, {}), false);
    assert.equal(matches({ v: [''] }, { v: null }), false);
    assert.equal(matches({ v: [{ exists: true }] }, { v: null }), true);
  });
  test('anything-but matches null but never a missing field; exists:false holds for objects', () => {
    assert.equal(matches({ v: [{ 'anything-but': 'x' }] }, { v: null }), true);
    assert.equal(matches({ v: [{ 'anything-but': 'x' }] }, {}), false);
    assert.equal(matches({ v: [{ exists: false }] }, { v: { nested: 1 } }), true);
  });
});

describe('keys and case', () => {
  test('dotted keys in patterns and events reach the same fields', () => {
    assert.equal(matches({ 'a.b': ['x'] }, { a: { b: 'x' } }), true);
    assert.equal(matches({ a: { b: ['x'] } }, { 'a.b': 'x' }), true);
  });
  test('keys match by their decoded text, escapes included', () => {
    assert.equal(matches('{"source":["x"]}', '{"\\u0073ource":"x"}'), true);
    assert.equal(matches('{"a\\"b":["x"]}', '{"a\\"b":"x"}'), true);
    assert.equal(matches('{"a\\"b":["x"]}', '{"a":"x"}'), false);
  });
  test('an empty key is a path step of its own', () => {
    assert.equal(matches({ '': { a: ['x'] } }, { '': { a: 'x' } }), true);
    assert.equal(matches({ '': { a: ['x'] } }, { '.a': 'x' }), true);
    assert.equal(matches({ '': { a: ['x'] } }, { a: 'x' }), false);
  });
  test('duplicate keys: the pattern keeps the last, the event keeps both', () => {
    assert.equal(matches('{"k":["a"],"k":["b"]}', '{"k":"a"}'), false);
    assert.equal(matches('{"k":["b"]}', '{"k":"a","k":"b"}'), true);
  });
  test('ignore-case folds per character, including non-ASCII', () => {
    assert.equal(matches({ s: [{ 'equals-ignore-case': 'ΟΔΟΣ' }] }, { s: 'οδοσ' }), true);
    assert.equal(matches({ s: [{ prefix: { 'equals-ignore-case': 'ΟΔΟΣ' } }] }, { s: 'οδοσα' }), true);
    assert.equal(matches({ s: [{ suffix: { 'equals-ignore-case': '.PNG' } }] }, { s: 'a.png' }), true);
  });
});
