/**
 * Pattern validation: AWS/event-ruler messages with the field path, the size, nesting, `$or`
 * and wildcard-complexity limits, and the parsed shape (dotted paths, path order).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  InvalidEventPatternError,
  MAX_PATTERN_BRANCHES,
  MAX_PATTERN_DEPTH,
  MAX_PATTERN_LENGTH,
  MAX_WILDCARD_COMPLEXITY,
  parsePattern,
} from './index.js';
import { wildcardComplexity, parseWildcard } from './wildcard.js';

function rejection(pattern: string | object): InvalidEventPatternError {
  try {
    parsePattern(pattern);
  } catch (err) {
    assert.ok(err instanceof InvalidEventPatternError);
    assert.equal(err.code, 'InvalidEventPatternException');
    return err;
  }
  assert.fail('pattern was accepted');
}

describe('messages', () => {
  test('name AWS reason and the field path', () => {
    const err = rejection({ detail: { state: [{ prefix: 5 }] } });
    assert.equal(err.reason, 'prefix match pattern must be a string');
    assert.equal(err.path, 'detail.state');
    assert.equal(
      err.message,
      'Event pattern is not valid. Reason: prefix match pattern must be a string (field: detail.state)',
    );
  });
  test('structural problems', () => {
    assert.equal(rejection('[1]').reason, 'Filter is not an object');
    assert.equal(rejection({}).reason, 'Empty objects are not allowed');
    assert.equal(rejection({ a: [] }).reason, 'Empty arrays are not allowed');
    assert.equal(rejection({ a: 'x' }).reason, '"a" must be an object or an array');
    assert.equal(rejection({ a: [[1]] }).reason, 'Match value must be String, number, true, false, or null');
    assert.equal(rejection({ a: [{}] }).reason, 'Match expression name not found');
    assert.equal(
      rejection({ a: [{ prefix: 'x', suffix: 'y' }] }).reason,
      'Only one key allowed in match expression',
    );
    assert.equal(rejection({ a: [{ regex: 'x' }] }).reason, 'Unrecognized match type regex');
  });
  test('operator arguments', () => {
    assert.equal(
      rejection({ a: [{ exists: 'yes' }] }).reason,
      'exists match pattern must be either true or false.',
    );
    assert.equal(
      rejection({ a: [{ numeric: ['<', 1, '>', 0] }] }).reason,
      'Too many elements in numeric expression',
    );
    assert.equal(
      rejection({ a: [{ numeric: ['!=', 1] }] }).reason,
      'Unrecognized numeric range operator: !=',
    );
    assert.equal(
      rejection({ a: [{ 'anything-but': [1, 'x'] }] }).reason.startsWith(
        'Inside anything but list, either all',
      ),
      true,
    );
    assert.equal(
      rejection({ a: [{ 'anything-but': { regex: 'x' } }] }).reason,
      'Unsupported anything-but pattern: regex',
    );
    assert.equal(
      rejection({ a: [{ cidr: '10.0.0.0/x' }] }).reason,
      'Malformed CIDR, mask bits must be an integer',
    );
    assert.equal(rejection({ a: [{ cidr: '10.0.0.300/8' }] }).reason, 'Invalid IP address: 10.0.0.300');
  });
  test('malformed JSON uses Jackson wording', () => {
    assert.match(rejection('{"a": [tru]}').reason, /^Unrecognized token 'tru': was expecting/);
    assert.match(rejection('{"a": ["x"],}').reason, /was expecting double-quote to start field name/);
    assert.match(rejection('{"a": ["x"]} x').reason, /expected end of input/);
  });
});

describe('limits', () => {
  test(`size: at most ${MAX_PATTERN_LENGTH} characters (code points, not bytes)`, () => {
    const sized = (n: number): string => `{"k":["${'é'.repeat(n - 10)}"]}`;
    assert.equal(sized(MAX_PATTERN_LENGTH).length, MAX_PATTERN_LENGTH);
    parsePattern(sized(MAX_PATTERN_LENGTH));
    assert.match(
      rejection(sized(MAX_PATTERN_LENGTH + 1)).reason,
      /2049 characters long; the maximum is 2048/,
    );
  });
  test(`nesting: at most ${MAX_PATTERN_DEPTH} levels`, () => {
    const nested = (levels: number): string =>
      '{"a":'.repeat(levels - 2) + '{"a":["x"]}' + '}'.repeat(levels - 2);
    parsePattern(nested(MAX_PATTERN_DEPTH));
    assert.match(
      rejection(nested(MAX_PATTERN_DEPTH + 1)).reason,
      /Nesting depth exceeds the maximum allowed \(128\)/,
    );
  });
  test(`$or: at most ${MAX_PATTERN_BRANCHES} combined alternatives`, () => {
    const or = (i: number): string => `"k${i}":{"$or":[{"a":["1"]},{"b":["2"]}]}`;
    parsePattern(`{${Array.from({ length: 10 }, (_, i) => or(i)).join(',')}}`);
    assert.match(
      rejection(`{${Array.from({ length: 11 }, (_, i) => or(i)).join(',')}}`).reason,
      /more than 1024/,
    );
  });
  test(`wildcard complexity: at most ${MAX_WILDCARD_COMPLEXITY}`, () => {
    const score = (w: string): number => wildcardComplexity(parseWildcard(w), 100);
    assert.equal(score('arn:aws:events:us-east-1:*:event-bus/*'), 5);
    assert.equal(score('/Users/*/dir/dir/dir/dir/dir/doc.txt'), 8);
    assert.equal(score('*:*:*:*'), 9);
    assert.equal(score('*:*:*:*:*'), 11);
    parsePattern({ f: [{ wildcard: '*:*:*:*' }] });
    assert.match(rejection({ f: [{ wildcard: '*:*:*:*:*' }] }).reason, /^Rule is too complex/);
    assert.match(
      rejection({ f: [{ 'anything-but': { wildcard: ['x', '*:*:*:*:*'] } }] }).reason,
      /^Rule is too complex/,
    );
  });
});

describe('parsed shape', () => {
  test('keys join into dotted paths, sorted in UTF-16 order', () => {
    const p = parsePattern({ detail: { z: ['1'], 'a.b': ['2'], B: { c: ['3'] } }, source: ['s'] });
    assert.deepEqual(
      p.branches[0].conditions.map((c) => c.path),
      ['detail.B.c', 'detail.a.b', 'detail.z', 'source'],
    );
  });
  test('objects without a JSON form are rejected, not thrown through', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    assert.equal(rejection(cyclic).reason, 'Filter is not an object');
    assert.equal(rejection({ n: [10n] }).reason, 'Filter is not an object');
  });
  test('object and text arguments are equivalent; the text is kept', () => {
    const text = '{"source":["aws.partner/x"]}';
    assert.deepEqual(parsePattern(JSON.parse(text) as object), parsePattern(text));
    assert.equal(parsePattern(text).text, text);
  });
  test('event-ruler\'s undocumented "exactly" is accepted as an exact string', () => {
    assert.deepEqual(parsePattern({ a: [{ exactly: '10.0.0.1' }] }).branches[0].conditions[0].matchers, [
      { op: 'exact', kind: 'string', value: '10.0.0.1' },
    ]);
  });
});
