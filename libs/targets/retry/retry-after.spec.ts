import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRetryAfter } from './retry-after.js';

describe('parseRetryAfter', () => {
  const now = new Date('2026-01-01T00:00:00Z');

  test('delta-seconds', () => {
    assert.deepEqual(parseRetryAfter('120', now), { kind: 'Delay', delayMs: 120_000 });
    assert.deepEqual(parseRetryAfter(' 0 ', now), { kind: 'Delay', delayMs: 0 });
  });

  test('HTTP-date (IMF-fixdate and the obsolete forms)', () => {
    assert.deepEqual(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now), {
      kind: 'Delay',
      delayMs: 30_000,
    });
    assert.deepEqual(parseRetryAfter('Thursday, 01-Jan-26 00:01:00 GMT', now), {
      kind: 'Delay',
      delayMs: 60_000,
    });
    assert.deepEqual(parseRetryAfter('Thu Jan  1 00:00:05 2026', now)?.kind, 'Delay');
  });

  test('a date in the past means now', () => {
    assert.deepEqual(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now), { kind: 'Delay', delayMs: 0 });
  });

  test('a negative value stops retrying (EventBridge API destinations)', () => {
    assert.deepEqual(parseRetryAfter('-1', now), { kind: 'StopRetrying' });
  });

  test('absent or garbage is ignored', () => {
    for (const value of [undefined, '', 'soon', '1.5', '+5'])
      assert.equal(parseRetryAfter(value, now), undefined);
  });
});
