import { type EventPattern, InvalidEventPatternError, parsePattern } from '#libs/event-pattern';

const NOT_REPLAYED = '"replay-name":[{"exists":false}]';

/**
 * The pattern an archive really matches with: the customer's pattern (every event when none) AND
 * "no `replay-name`", the managed rule AWS adds so that replayed events are never archived again.
 * The condition is spliced into the pattern's text so number text in the pattern stays exact.
 */
export function archiveMatchPattern(pattern: string | null): EventPattern {
  if (pattern === null) return parsePattern(`{${NOT_REPLAYED}}`);
  const text = pattern.trim();
  const parsed: unknown = JSON.parse(text);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new InvalidEventPatternError('Filter is not an object');
  if (Object.hasOwn(parsed, 'replay-name'))
    throw new InvalidEventPatternError(
      'An archive pattern cannot name replay-name: replayed events are never archived',
    );
  const inner = text.slice(1).trimStart();
  return parsePattern(inner.startsWith('}') ? `{${NOT_REPLAYED}}` : `{${NOT_REPLAYED},${inner}`);
}

/**
 * SQL condition (over `archive_events ae` joined with `archives a`) that a membership is still
 * within the archive's retention. Days are UTC days of receipt, like the events partitions.
 */
export const RETAINED_SQL = `(a.retention_days = 0 OR ae.event_received_at >= (((now() AT TIME ZONE 'UTC')::date - a.retention_days)::timestamp AT TIME ZONE 'UTC'))`;
