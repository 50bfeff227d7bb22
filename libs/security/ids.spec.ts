import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { deliveryId } from './ids.js';

describe('deliveryId', () => {
  const event = '0192f0c4-1b2a-7c3d-8e4f-5a6b7c8d9e0f';
  const target = '3f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b';

  test('is the same for the same event, target and replay, and a UUIDv5', () => {
    const id = deliveryId(event, target, '');
    assert.equal(deliveryId(event, target, ''), id);
    assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  test('differs when any of them differs', () => {
    const ids = new Set([
      deliveryId(event, target, ''),
      deliveryId(event, target, 'replay-1'),
      deliveryId(event, '3f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0c', ''),
      deliveryId('0192f0c4-1b2a-7c3d-8e4f-5a6b7c8d9e10', target, ''),
    ]);
    assert.equal(ids.size, 4);
  });
});
