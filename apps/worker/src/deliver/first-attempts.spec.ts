import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { FirstAttempts } from './first-attempts.js';
import type { DeliverService } from './deliver.service.js';
import type { DeliveryWaker } from './delivery-waker.js';
import type { TargetAdmission } from './target-admission.js';
import type { QueueProducer } from '#libs/queue';

// Room bookkeeping only: reserve, reserveWithin and unreserve never reach the deliverer, admission,
// waker or producer (the constructor only installs its hook on admission).
const firstAttempts = () =>
  new FirstAttempts({} as DeliverService, {} as TargetAdmission, {} as DeliveryWaker, {} as QueueProducer);

describe('FirstAttempts room', () => {
  test('a route job waits for room for as long as room keeps being freed, past its bound', async () => {
    const f = firstAttempts();
    assert.equal(f.reserve(1_000), 1_000, 'the room is full');
    // Room comes back a little at a time: 100 takes about 1.25 s, with gaps far below the 1 s bound.
    const freeing = setInterval(() => f.unreserve(2), 25);
    try {
      const granted = await f.reserveWithin(100, 1_000);
      assert.equal(granted, 100, 'all of it: the bound counts from the last room freed');
    } finally {
      clearInterval(freeing);
    }
  });

  test('a route job gives up once no room has been freed for its bound, taking what there is', async () => {
    const f = firstAttempts();
    assert.equal(f.reserve(990), 990);
    assert.equal(await f.reserveWithin(100, 50), 10, 'the 10 left, after 50 ms without progress');
    assert.equal(f.busy, 1_000);
  });

  test('concurrent waiters woken by the same freed room do not overbook it', async () => {
    const f = firstAttempts();
    f.reserve(1_000);
    const a = f.reserveWithin(60, 5_000);
    const b = f.reserveWithin(60, 5_000);
    f.unreserve(100);
    // The first fits in the 100 freed; the second waits for 20 more, then fits too.
    assert.equal(await a, 60);
    assert.equal(f.busy, 960);
    f.unreserve(20);
    assert.equal(await b, 60);
    assert.equal(f.busy, 1_000);
  });
});
