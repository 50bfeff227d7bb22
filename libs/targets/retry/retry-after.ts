/** A parsed `Retry-After` header. */
export type RetryAfter =
  | { readonly kind: 'Delay'; readonly delayMs: number }
  /** A negative delay: EventBridge stops retrying when a target sends one. */
  | { readonly kind: 'StopRetrying' };

const DELTA_SECONDS = /^-?\d+$/;

/**
 * Parses `Retry-After` (RFC 9110 §10.2.3): delta-seconds or an HTTP-date. A date in the past means
 * "retry now" (0 ms). Returns undefined for a missing or unparseable header, which callers treat as
 * if no header had been sent.
 */
export function parseRetryAfter(
  header: string | readonly string[] | undefined,
  now: Date,
): RetryAfter | undefined {
  const value = (Array.isArray(header) ? header[0] : header)?.trim();
  if (!value) return undefined;
  if (DELTA_SECONDS.test(value)) {
    const seconds = Number(value);
    if (seconds < 0) return { kind: 'StopRetrying' };
    return { kind: 'Delay', delayMs: Math.min(seconds * 1000, Number.MAX_SAFE_INTEGER) };
  }
  // Only something that looks like a date: Date.parse would also accept e.g. "1.5" or "2024".
  if (!/[A-Za-z]/.test(value)) return undefined;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  return { kind: 'Delay', delayMs: Math.max(0, at - now.getTime()) };
}
