import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AttemptRow } from '../deliver/delivery-calls.js';
import { EarlyOutcomes } from './early-outcomes.js';

const attempt = (deliveryId: string): AttemptRow => ({
  deliveryId,
  attemptNo: 1,
  startedAt: new Date(),
  durationMs: 1,
  outcome: 'succeeded',
  statusCode: 200,
  errorCode: null,
  errorMessage: null,
});

describe('EarlyOutcomes', () => {
  test('the statement takes the successes reported before it is sent, and stops waiting once all have reported', async () => {
    const outcomes = new EarlyOutcomes();
    const a = outcomes.for('a');
    const b = outcomes.for('b');
    const closing = outcomes.close(60_000);
    assert.equal(a.report(attempt('a')), true);
    assert.equal(a.report(attempt('a')), false, 'only the first report counts');
    assert.equal(b.report(undefined), false, 'a failure is not taken');
    // Both reported: the wait ends long before its bound.
    const taken = await closing;
    assert.deepEqual([...taken.keys()], ['a']);
    outcomes.settle(Promise.resolve(new Set(['a', 'b'])));
    assert.equal(await a.created, true);
    assert.equal(await b.created, true);
  });

  test('a success reported after the statement went is not taken', async () => {
    const outcomes = new EarlyOutcomes();
    const a = outcomes.for('a');
    const taken = await outcomes.close(1);
    assert.equal(taken.size, 0);
    assert.equal(a.report(attempt('a')), false);
  });

  test('the statement does not wait for an attempt it was told not to await, but takes its success if in time', async () => {
    const outcomes = new EarlyOutcomes();
    const slow = outcomes.for('slow', false);
    const fast = outcomes.for('fast', false);
    assert.equal(fast.report(attempt('fast')), true);
    // Nothing is awaited: the wait ends at once, however long its bound.
    const taken = await outcomes.close(60_000);
    assert.deepEqual([...taken.keys()], ['fast']);
    assert.equal(slow.report(attempt('slow')), false);
  });

  test('no early attempt: the statement does not wait', async () => {
    const outcomes = new EarlyOutcomes();
    assert.equal((await outcomes.close(60_000)).size, 0);
  });

  test('a delivery the statement did not insert, or a failed statement, reads as not created', async () => {
    const inserted = new EarlyOutcomes();
    const a = inserted.for('a');
    await inserted.close(0);
    inserted.settle(Promise.resolve(new Set(['other'])));
    assert.equal(await a.created, false);

    const failed = new EarlyOutcomes();
    const b = failed.for('b');
    await failed.close(0);
    failed.settle(Promise.reject(new Error('connection lost')));
    assert.equal(await b.created, false);
  });
});
