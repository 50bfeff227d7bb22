import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { DeliveryFailure } from '../delivery-outcome.js';
import { DEFAULT_RETRY_POLICY, nextAttemptDecision, resolveRetryPolicy } from './retry-policy.js';

describe('resolveRetryPolicy', () => {
  test('defaults are 185 retries / 86 400 s', () => {
    assert.deepEqual(resolveRetryPolicy(undefined), {
      maximumRetryAttempts: 185,
      maximumEventAgeInSeconds: 86_400,
    });
    assert.deepEqual(resolveRetryPolicy({ maximumRetryAttempts: 0 }), {
      maximumRetryAttempts: 0,
      maximumEventAgeInSeconds: 86_400,
    });
  });

  test('AWS ranges are enforced', () => {
    assert.throws(() => resolveRetryPolicy({ maximumRetryAttempts: 186 }), /maximumRetryAttempts must be/);
    assert.throws(() => resolveRetryPolicy({ maximumRetryAttempts: -1 }), RangeError);
    assert.throws(() => resolveRetryPolicy({ maximumEventAgeInSeconds: 59 }), /maximumEventAgeInSeconds/);
    assert.throws(() => resolveRetryPolicy({ maximumEventAgeInSeconds: 86_401 }), RangeError);
    assert.throws(() => resolveRetryPolicy({ maximumEventAgeInSeconds: 60.5 }), RangeError);
  });
});

describe('nextAttemptDecision', () => {
  const receivedAt = new Date('2026-01-01T00:00:00Z');
  const at = (seconds: number) => new Date(receivedAt.getTime() + seconds * 1000);
  const failure = (overrides: Partial<DeliveryFailure> = {}): DeliveryFailure => ({
    ok: false,
    retryable: true,
    errorCode: 'HTTP_503',
    errorMessage: 'unavailable',
    durationMs: 5,
    ...overrides,
  });
  const half = () => 0.5;

  test('a retryable failure is retried with backoff', () => {
    const decision = nextAttemptDecision(
      DEFAULT_RETRY_POLICY,
      { attemptsSoFar: 1, receivedAt, now: at(1), outcome: failure() },
      { baseMs: 1_000, capMs: 60_000 },
      half,
    );
    assert.deepEqual(decision, { action: 'retry', delayMs: 500 });
  });

  test('non-retryable errors dead-letter at once without an exhausted condition', () => {
    const decision = nextAttemptDecision(DEFAULT_RETRY_POLICY, {
      attemptsSoFar: 1,
      receivedAt,
      now: at(1),
      outcome: failure({ retryable: false, errorCode: 'HTTP_403' }),
    });
    assert.deepEqual(decision, {
      action: 'dead_letter',
      exhaustedCondition: undefined,
      disableTarget: false,
    });
  });

  test('410 Gone dead-letters and asks for the target to be disabled', () => {
    const decision = nextAttemptDecision(DEFAULT_RETRY_POLICY, {
      attemptsSoFar: 1,
      receivedAt,
      now: at(1),
      outcome: failure({ retryable: false, errorCode: 'HTTP_410', disableTarget: true }),
    });
    assert.deepEqual(decision, { action: 'dead_letter', exhaustedCondition: undefined, disableTarget: true });
  });

  test('attempt exhaustion: maximumRetryAttempts retries are made, then MaximumRetryAttempts', () => {
    const policy = { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 86_400 };
    const decide = (attemptsSoFar: number) =>
      nextAttemptDecision(
        policy,
        { attemptsSoFar, receivedAt, now: at(10), outcome: failure() },
        undefined,
        half,
      );
    assert.equal(decide(1).action, 'retry');
    assert.equal(decide(2).action, 'retry');
    assert.deepEqual(decide(3), {
      action: 'dead_letter',
      exhaustedCondition: 'MaximumRetryAttempts',
      disableTarget: false,
    });
    const none = { maximumRetryAttempts: 0, maximumEventAgeInSeconds: 60 };
    const first = nextAttemptDecision(none, { attemptsSoFar: 1, receivedAt, now: at(0), outcome: failure() });
    assert.equal(first.action === 'dead_letter' && first.exhaustedCondition, 'MaximumRetryAttempts');
  });

  test('age expiry: no retry is scheduled past the event-age window', () => {
    const policy = { maximumRetryAttempts: 185, maximumEventAgeInSeconds: 60 };
    const expired = nextAttemptDecision(
      policy,
      { attemptsSoFar: 3, receivedAt, now: at(61), outcome: failure() },
      undefined,
      () => 0,
    );
    assert.deepEqual(expired, {
      action: 'dead_letter',
      exhaustedCondition: 'MaximumEventAgeInSeconds',
      disableTarget: false,
    });
    // Inside the window, but the delay would land after it.
    const tooLate = nextAttemptDecision(
      policy,
      { attemptsSoFar: 3, receivedAt, now: at(59), outcome: failure({ retryAfterMs: 5_000 }) },
      undefined,
      () => 0,
    );
    assert.equal(tooLate.action === 'dead_letter' && tooLate.exhaustedCondition, 'MaximumEventAgeInSeconds');
  });

  test('Retry-After wins when it is longer than the backoff, never when shorter', () => {
    const history = { attemptsSoFar: 1, receivedAt, now: at(0) };
    const longer = nextAttemptDecision(
      DEFAULT_RETRY_POLICY,
      { ...history, outcome: failure({ retryAfterMs: 30_000 }) },
      undefined,
      half,
    );
    assert.deepEqual(longer, { action: 'retry', delayMs: 30_000 });
    const shorter = nextAttemptDecision(
      DEFAULT_RETRY_POLICY,
      { ...history, outcome: failure({ retryAfterMs: 1 }) },
      { baseMs: 1_000, capMs: 1_000 },
      half,
    );
    assert.deepEqual(shorter, { action: 'retry', delayMs: 500 });
  });

  test('a Retry-After beyond the backoff cap is capped: hours are not taken blindly, nor a reason to give up', () => {
    const backoff = { baseMs: 1_000, capMs: 15 * 60_000 };
    const policy = { maximumRetryAttempts: 185, maximumEventAgeInSeconds: 3_600 };
    const decide = (retryAfterMs: number) =>
      nextAttemptDecision(
        policy,
        { attemptsSoFar: 1, receivedAt, now: at(0), outcome: failure({ retryAfterMs }) },
        backoff,
        half,
      );
    // Two hours (past the one-hour window), a day, or absurdly long: retried after the cap.
    for (const hours of [2, 24, 1e6])
      assert.deepEqual(decide(hours * 3_600_000), { action: 'retry', delayMs: 15 * 60_000 }, `${hours} h`);
    assert.deepEqual(decide(10 * 60_000), { action: 'retry', delayMs: 10 * 60_000 }, 'within the cap');
  });
});
