/**
 * The result of one delivery attempt to any target type. Target clients never throw for delivery
 * problems; they describe them here so the caller can decide between retry and dead-letter.
 */
export type DeliveryOutcome = DeliverySuccess | DeliveryFailure;

export interface DeliverySuccess {
  readonly ok: true;
  readonly statusCode: number;
  readonly durationMs: number;
  /**
   * A bus target's: the event put on the destination bus (for an attempt made again, the one an
   * earlier attempt of the same delivery put there).
   */
  readonly eventId?: string;
}

export interface DeliveryFailure {
  readonly ok: false;
  /** Whether the retry policy applies; false sends the event straight to the dead-letter queue. */
  readonly retryable: boolean;
  /** Short machine-readable code: `HTTP_503`, `TIMEOUT`, `ECONNREFUSED`, `SSRF_BLOCKED`, an AWS error code… */
  readonly errorCode: string;
  /** Human-readable detail; for HTTP errors it ends with up to 1 KB of the response body. */
  readonly errorMessage: string;
  readonly statusCode?: number;
  /** The target's `Retry-After`, when it sent one; the retry delay is never shorter. */
  readonly retryAfterMs?: number;
  /** The target said it is gone for good (HTTP 410): stop delivering to it. */
  readonly disableTarget?: boolean;
  readonly durationMs: number;
}
