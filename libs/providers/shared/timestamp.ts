/** Replay window used when a scheme's options do not set one (Stripe's, Slack's and Svix's). */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** Unix seconds from an all-digit header value, else `undefined`. */
export function parseUnixSeconds(value: string): number | undefined {
  return /^\d{1,12}$/.test(value) ? Number(value) : undefined;
}

/**
 * Epoch milliseconds from a header holding Unix seconds, Unix milliseconds (13+ digits) or an
 * ISO-8601 date-time, else `undefined`.
 */
export function parseFlexibleTimestamp(value: string): number | undefined {
  if (/^\d{1,11}$/.test(value)) return Number(value) * 1000;
  if (/^\d{12,15}$/.test(value)) return Number(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** True when `timestampMs` lies within ±`toleranceSeconds` of `receivedAt` (both directions). */
export function withinTolerance(timestampMs: number, receivedAt: Date, toleranceSeconds: number): boolean {
  const skew = Math.abs(receivedAt.getTime() - timestampMs);
  return skew <= toleranceSeconds * 1000;
}
