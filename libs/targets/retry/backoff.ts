/** Exponential backoff bounds, in milliseconds. */
export interface BackoffOptions {
  /** Ceiling of the first retry's delay. */
  readonly baseMs: number;
  /** No delay exceeds this. */
  readonly capMs: number;
}

/**
 * Defaults sized so that the default retry policy (185 retries) spans roughly EventBridge's 24 hours:
 * the ceiling reaches 15 minutes after ten doublings and full jitter averages half of it.
 */
export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 1_000, capMs: 15 * 60_000 };

/**
 * Delay before retry number `attempt` (0 for the first retry): "full jitter", a uniform pick in
 * [0, min(capMs, baseMs · 2^attempt)], which spreads retries from many failed deliveries instead of
 * having them arrive together. `random` returns a number in [0, 1), like Math.random.
 */
export function computeBackoffMs(
  attempt: number,
  options: BackoffOptions = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number {
  if (!Number.isInteger(attempt) || attempt < 0)
    throw new RangeError(`attempt must be a non-negative integer: ${attempt}`);
  const { baseMs, capMs } = options;
  if (!(baseMs >= 0) || !(capMs >= 0)) throw new RangeError('baseMs and capMs must be non-negative');
  // 2 ** attempt overflows to Infinity for large attempts, and Math.min then picks the cap.
  const ceiling = Math.floor(Math.min(capMs, baseMs * 2 ** attempt));
  const r = random();
  // A misbehaving random source must not produce NaN or out-of-range delays.
  const unit = r >= 0 && r < 1 ? r : 0;
  return Math.min(ceiling, Math.floor(unit * (ceiling + 1)));
}
