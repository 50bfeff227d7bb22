import { type AnyColumn, gt, type SQL, sql } from 'drizzle-orm';
import { DomainError, invalid } from './domain-error.js';

/**
 * One page of a list in a total order: at most `limit` items, those after the item whose sort key
 * is `after` (absent: from the start). Keyset, not offset, so items created or deleted between
 * pages neither repeat nor hide the others.
 */
export interface KeysetPage {
  limit: number;
  /** The sort key of the last item of the page before, as the list gave it in `lastKey`. */
  after?: readonly string[];
}

/** A page of items; `lastKey` (the sort key of the last item) only when more items follow. */
export interface KeysetResult<T> {
  items: T[];
  lastKey?: string[];
}

/**
 * The page of rows read with `limit + 1` (the extra row only tells that more follow), mapped to
 * views. `key` is the row's sort key, or the one column that is its key. Without a page, every row
 * and no key.
 */
export function keysetPage<R extends object, V>(
  rows: readonly R[],
  page: KeysetPage | undefined,
  key: (keyof R & string) | ((row: R) => string[]),
  view: (row: R) => V,
): KeysetResult<V> {
  if (!page) return { items: rows.map(view) };
  const taken = rows.slice(0, page.limit);
  const last = taken.at(-1);
  if (rows.length <= page.limit || last === undefined) return { items: taken.map(view) };
  return { items: taken.map(view), lastKey: typeof key === 'function' ? key(last) : [String(last[key])] };
}

/** `column > name` after a page that ended with `name`, for lists ordered by a unique name. */
export function afterName(column: AnyColumn, page: KeysetPage | undefined): SQL | undefined {
  if (page?.after === undefined) return undefined;
  const [name, ...rest] = page.after;
  // PostgreSQL text cannot hold U+0000: such a key would fail the query, not just match nothing.
  if (name === undefined || rest.length > 0 || name.includes('\u0000')) throw badToken();
  return gt(column, name);
}

/** A key `[time, id]`: the time as {@link microTime} gives it, and an id that matches `idPattern`. */
export function timeIdKey(after: readonly string[], idPattern: RegExp): { time: string; id: string } {
  const [time, id, ...rest] = after;
  const valid =
    time !== undefined &&
    id !== undefined &&
    rest.length === 0 &&
    isStorableTime(time, MICRO_TIME) &&
    idPattern.test(id);
  if (!valid) throw badToken();
  return { time, id };
}

/**
 * A timestamp as text with PostgreSQL's microseconds: a JavaScript Date would round them off, and a
 * key compared with the rounded time would skip or repeat rows created within the same millisecond.
 */
export const microTime = (column: AnyColumn): SQL<string> =>
  sql<string>`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

const MICRO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/**
 * Whether `time` (UTC, of the shape `pattern`, with a four-digit year) is one PostgreSQL takes: a
 * real date and time (JavaScript rolls 31 February over to March, PostgreSQL refuses it) and not in
 * year 0, which JavaScript has and PostgreSQL does not. A key with such a time would fail its query.
 */
export function isStorableTime(time: string, pattern: RegExp): boolean {
  return (
    pattern.test(time) &&
    !time.startsWith('0000') &&
    new Date(Date.parse(time) || 0).toISOString().slice(0, 19) === time.slice(0, 19)
  );
}

const BAD_TOKEN = 'nextToken is not valid.';

/** The one answer to a token whose key does not fit the list (forged or from another version). */
export const badToken = () => invalid(BAD_TOKEN);

/** Whether `err` is {@link badToken}'s, for an interface that names its token otherwise (`NextToken`). */
export const isBadToken = (err: unknown): boolean =>
  err instanceof DomainError && err.code === 'ValidationException' && err.message === BAD_TOKEN;
