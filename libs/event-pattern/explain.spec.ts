import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { explainMatch, InvalidEventError, parsePattern } from './index.js';

const event = JSON.stringify({
  source: 'aws.partner/github.com/acme',
  detail: {
    state: 'closed',
    n: 7,
    items: [
      { sku: 'A', qty: 1 },
      { sku: 'B', qty: 2 },
    ],
  },
});
const explain = (pattern: object): ReturnType<typeof explainMatch> =>
  explainMatch(parsePattern(pattern), event);

describe('explainMatch', () => {
  test('a match', () => {
    assert.deepEqual(explain({ detail: { state: ['closed'] } }), { matched: true });
  });
  test('names the first failing path (in evaluation order) and its operator', () => {
    const result = explain({ source: [{ prefix: 'aws.partner/' }], detail: { state: [{ prefix: 'open' }] } });
    assert.equal(result.matched, false);
    assert.ok(!result.matched);
    assert.equal(result.path, 'detail.state');
    assert.equal(result.operator, 'prefix');
    assert.equal(result.reason, 'value "closed" does not match prefix "open"');
  });
  test('a missing field', () => {
    const result = explain({ detail: { missing: [{ exists: true }] } });
    assert.ok(!result.matched);
    assert.equal(result.operator, 'exists');
    assert.match(result.reason, /field "detail.missing" is missing/);
  });
  test('numbers, several operators, and exists:false', () => {
    const numeric = explain({ detail: { n: [{ numeric: ['>', 10] }, 3] } });
    assert.ok(!numeric.matched);
    assert.equal(numeric.operator, 'numeric|exact');
    assert.equal(numeric.reason, 'value 7 does not match numeric > 10 or 3');
    const absent = explain({ detail: { state: [{ exists: false }] } });
    assert.ok(!absent.matched);
    assert.equal(absent.operator, 'exists');
  });
  test('fields matching only in different array elements', () => {
    const result = explain({ detail: { items: { sku: ['A'], qty: [2] } } });
    assert.ok(!result.matched);
    assert.equal(result.path, 'detail.items.sku');
    assert.match(result.reason, /different element of an array/);
  });
  test('with $or, the branch that got furthest is explained', () => {
    const result = explain({
      $or: [{ source: ['x'] }, { source: [{ prefix: 'aws.' }], detail: { state: ['open'] } }],
    });
    assert.ok(!result.matched);
    assert.equal(result.path, 'detail.state');
  });
  test('invalid event text', () => {
    assert.throws(() => explainMatch(parsePattern({ a: ['b'] }), '{"a":'), InvalidEventError);
  });
});
