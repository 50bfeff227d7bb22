import { createHash } from 'node:crypto';
import { z } from 'zod';
import { type KeysetPage, type KeysetResult, invalid } from '#libs/domain';

/** Items per page when a list request gives no `limit`. */
export const DEFAULT_PAGE_SIZE = 100;
/** The largest `limit` a list request may ask for. */
export const MAX_PAGE_SIZE = 500;

/**
 * `limit` and `nextToken`, the same on every list route: spread into the route's query DTO. A
 * `limit` of 0, a negative, fractional or non-numeric one, or one above the maximum is a 400.
 */
export const pageQuery = {
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_PAGE_SIZE)
    .optional()
    .describe(`Items per page, 1 to ${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE}).`),
  nextToken: z
    .string()
    .min(1)
    .max(4_096)
    .optional()
    .describe('The nextToken of the previous page, with the same path and filters; opaque.'),
};

/**
 * What a token is bound to: the list (its path with path parameters), who asked (an account id, a
 * partner name, `admin`), and the filters of the query. A token used with another of any of them is a
 * 400 rather than a page of some other list starting at an unrelated key.
 */
export interface PageScope {
  /** The list's path segments, path parameters included: `['event-buses', bus, 'rules']`. */
  list: readonly string[];
  owner: string;
  /** The route's parsed query; `limit` and `nextToken` (and `unbound`) are not part of the binding. */
  query: Record<string, unknown>;
  /** Query members that may change from page to page (like `limit`), e.g. a scan budget. */
  unbound?: readonly string[];
}

/** A REST page: `nextToken` is present only when more items follow. */
export type RestPage<T, E extends object = object> = E & { items: T[]; nextToken?: string };

/**
 * Runs one page of a keyset list for a REST route: opens the request's `nextToken` (checking it was
 * issued for this list, caller and filters), reads `limit` items after its key, and seals the key of
 * the page's last item into the next token. Members other than `items` and `lastKey` that `read`
 * answers with (e.g. `scanned`) are passed on.
 */
export async function restPage<T, E extends object = object>(
  scope: PageScope,
  read: (page: KeysetPage) => Promise<KeysetResult<T> & E>,
): Promise<RestPage<T, E>> {
  const binding = pageBinding(scope);
  const token = scope.query.nextToken;
  const after = typeof token === 'string' ? restKey(openPageToken(token, binding)) : undefined;
  const limit = typeof scope.query.limit === 'number' ? scope.query.limit : DEFAULT_PAGE_SIZE;
  const { items, lastKey, ...extra } = await read(after ? { limit, after } : { limit });
  const page = { ...(extra as unknown as E), items };
  return lastKey ? { ...page, nextToken: sealPageToken(lastKey, binding) } : page;
}

/** The key a REST token holds, or the 400 that says why it cannot be used. */
function restKey(opened: OpenedToken): string[] {
  if (opened.problem === 'invalid') throw invalid('nextToken is not valid.');
  if (opened.problem === 'foreign')
    throw invalid(
      'nextToken was issued for another list, caller or filters: send it with the same path and query ' +
        'parameters (limit aside) as the request that returned it, or start again without it.',
    );
  return opened.key;
}

/**
 * A short hash of what a token is bound to; absent and empty filters are the same query. The
 * EventBridge API binds its NextTokens the same way (its operation name as the list).
 */
export function pageBinding(scope: PageScope): string {
  const skip = new Set(['limit', 'nextToken', ...(scope.unbound ?? [])]);
  const filters = Object.entries(scope.query)
    .filter(([k, v]) => !skip.has(k) && v !== undefined && v !== '')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHash('sha256')
    .update(JSON.stringify([scope.list, scope.owner, filters]))
    .digest('base64url')
    .slice(0, 22);
}

/** The opaque token for a page that ended with `key`, bound to `binding`. */
export function sealPageToken(key: readonly string[], binding: string): string {
  return Buffer.from(JSON.stringify({ k: key, q: binding })).toString('base64url');
}

/** A token opened: its key, or why it cannot be used (each interface words the error its way). */
export type OpenedToken =
  | { problem?: undefined; key: string[] }
  | { problem: 'invalid' }
  /** Well formed, but issued for another list, caller or filters. */
  | { problem: 'foreign' };

const TOKEN = /^[A-Za-z0-9_-]+$/;

/** Opens a token that {@link sealPageToken} gave for `binding`. */
export function openPageToken(token: string, binding: string): OpenedToken {
  let decoded: { k?: unknown; q?: unknown } | undefined;
  try {
    if (TOKEN.test(token))
      decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as typeof decoded;
  } catch {
    decoded = undefined;
  }
  const key = decoded?.k;
  const wellFormed =
    Array.isArray(key) &&
    key.length >= 1 &&
    key.length <= 4 &&
    key.every((p) => typeof p === 'string' && !p.includes('\u0000')) &&
    typeof decoded?.q === 'string';
  if (!wellFormed) return { problem: 'invalid' };
  if (decoded?.q !== binding) return { problem: 'foreign' };
  return { key: key as string[] };
}
