import { test } from 'node:test';
import assert from 'node:assert/strict';
import { orderingKeyOf } from './ordering-key.js';

test('ordering keys are read by path and kept as JSON text', () => {
  const event = { detail: { orderId: 'o-1', n: 7, nested: { a: [1, 2] } }, resources: ['arn:x'] };
  assert.equal(orderingKeyOf(event, '$.detail.orderId'), '"o-1"');
  assert.equal(orderingKeyOf(event, '$.detail.n'), '7');
  assert.equal(orderingKeyOf(event, '$.resources[0]'), '"arn:x"');
  assert.equal(orderingKeyOf(event, '$.detail.nested.a[1]'), '2');
  assert.equal(orderingKeyOf(event, '$.detail.missing'), null);
  assert.equal(orderingKeyOf(event, '$.detail.orderId.deeper'), null);
});
