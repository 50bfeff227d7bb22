import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { computeBackoffMs } from './backoff.js';

describe('computeBackoffMs', () => {
  const options = { baseMs: 100, capMs: 10_000 };

  test('full jitter stays within [0, min(cap, base·2^n)]', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2_000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (n, r) => {
          const delay = computeBackoffMs(n, options, () => r);
          assert.ok(Number.isInteger(delay));
          assert.ok(
            delay >= 0 && delay <= Math.min(options.capMs, options.baseMs * 2 ** n),
            `n=${n} delay=${delay}`,
          );
        },
      ),
    );
  });

  test('the extremes of the random source reach both ends of the range', () => {
    assert.equal(
      computeBackoffMs(3, options, () => 0),
      0,
    );
    assert.equal(
      computeBackoffMs(3, options, () => 0.999_999_999),
      800,
    );
    assert.equal(
      computeBackoffMs(50, options, () => 0.999_999_999),
      10_000,
    );
    assert.equal(
      computeBackoffMs(5_000, options, () => 0.999_999_999),
      10_000,
    );
  });

  test('the ceiling doubles per attempt until the cap', () => {
    const ceilings = [0, 1, 2, 3, 4, 7, 8].map((n) => computeBackoffMs(n, options, () => 0.999_999_999));
    assert.deepEqual(ceilings, [100, 200, 400, 800, 1_600, 10_000, 10_000]);
  });

  test('rejects negative or fractional attempts', () => {
    assert.throws(() => computeBackoffMs(-1, options), RangeError);
    assert.throws(() => computeBackoffMs(1.5, options), RangeError);
  });
});
