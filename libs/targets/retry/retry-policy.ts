import type { DeliveryFailure } from '../delivery-outcome.js';
import { type BackoffOptions, DEFAULT_BACKOFF, computeBackoffMs } from './backoff.js';

/** EventBridge's per-target RetryPolicy. */
export interface RetryPolicy {
  /** Retries after the first attempt, 0–185. */
  readonly maximumRetryAttempts: number;
  /** How long after the event time delivery may still be attempted, 60–86 400 seconds. */
  readonly maximumEventAgeInSeconds: number;
}

/** EventBridge Classic defaults: 185 retries within 24 hours. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maximumRetryAttempts: 185,
  maximumEventAgeInSeconds: 86_400,
};

export const RETRY_POLICY_LIMITS = {
  maximumRetryAttempts: { min: 0, max: 185 },
  maximumEventAgeInSeconds: { min: 60, max: 86_400 },
} as const;

/** The value of the DLQ attribute `EXHAUSTED_RETRY_CONDITION`. */
export type ExhaustedCondition = 'MaximumRetryAttempts' | 'MaximumEventAgeInSeconds';

export type NextAttemptDecision =
  | { readonly action: 'retry'; readonly delayMs: number }
  | {
      readonly action: 'dead_letter';
      /** Absent when the error was not retryable and retries were skipped, as in AWS's DLQ attributes. */
      readonly exhaustedCondition: ExhaustedCondition | undefined;
      /** Copied from the outcome: the target answered 410 Gone. */
      readonly disableTarget: boolean;
    };

export interface AttemptHistory {
  /** Attempts made so far, including the one that just failed (so at least 1). */
  readonly attemptsSoFar: number;
  /**
   * Start of the event-age window: when the gateway accepted the event (its ingestion time). Not the
   * envelope's `time`, which the producer sets and which can be far in the past (replays).
   */
  readonly receivedAt: Date;
  readonly now: Date;
  readonly outcome: DeliveryFailure;
}

/**
 * Applies defaults to a partial policy and checks the AWS ranges; throws RangeError naming the field.
 */
export function resolveRetryPolicy(policy: Partial<RetryPolicy> | undefined): RetryPolicy {
  const resolved = { ...DEFAULT_RETRY_POLICY, ...stripUndefined(policy ?? {}) };
  for (const field of ['maximumRetryAttempts', 'maximumEventAgeInSeconds'] as const) {
    const { min, max } = RETRY_POLICY_LIMITS[field];
    const value = resolved[field];
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new RangeError(`${field} must be an integer from ${min} to ${max} (got ${value})`);
    }
  }
  return resolved;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * What to do after a failed attempt, with EventBridge's dead-letter semantics:
 *
 * - a non-retryable failure dead-letters at once (no exhausted condition);
 * - once `maximumRetryAttempts` retries have been made → `MaximumRetryAttempts`;
 * - a retry is scheduled only if it can happen inside the event-age window, otherwise →
 *   `MaximumEventAgeInSeconds`;
 * - the delay is full-jitter backoff, but never shorter than the target's `Retry-After` ("the more
 *   conservative of the two", as AWS does), itself honoured up to the backoff's `capMs`: a target
 *   asking for hours (or a day, past the age window) neither parks the delivery that long nor makes
 *   it dead-letter at once; it is asked again after the cap, like any other failing target.
 */
export function nextAttemptDecision(
  policy: RetryPolicy,
  history: AttemptHistory,
  backoff: BackoffOptions = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): NextAttemptDecision {
  const { outcome, attemptsSoFar, receivedAt, now } = history;
  const disableTarget = outcome.disableTarget === true;
  if (!outcome.retryable) return { action: 'dead_letter', exhaustedCondition: undefined, disableTarget };
  const retriesMade = Math.max(0, attemptsSoFar - 1);
  if (retriesMade >= policy.maximumRetryAttempts) {
    return { action: 'dead_letter', exhaustedCondition: 'MaximumRetryAttempts', disableTarget };
  }
  const retryAfterMs = Math.min(outcome.retryAfterMs ?? 0, backoff.capMs);
  const delayMs = Math.max(computeBackoffMs(retriesMade, backoff, random), retryAfterMs);
  const deadline = receivedAt.getTime() + policy.maximumEventAgeInSeconds * 1000;
  if (now.getTime() + delayMs > deadline) {
    return { action: 'dead_letter', exhaustedCondition: 'MaximumEventAgeInSeconds', disableTarget };
  }
  return { action: 'retry', delayMs };
}
