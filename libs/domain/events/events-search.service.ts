import { Inject, Injectable } from '@nestjs/common';
import { and, desc, eq, gte, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import { DATABASE, type Database, events } from '#libs/db';
import { invalid, isStorableTime, UUID } from '../common/index.js';
import { type EnvelopeMatcher, envelopeMatcher } from './envelope-matcher.js';

export interface EventSearch {
  from?: string;
  to?: string;
  source?: string;
  detailType?: string;
  /** An EventBridge event pattern (JSON) that the stored envelope must match. */
  pattern?: string;
  /** With a pattern: events looked at per request at most (default 10 000, at most 100 000). */
  maxScan?: number;
  limit?: number;
  nextToken?: string;
}

export interface EventSummary {
  id: string;
  source: string;
  detailType?: string;
  state: string;
  receivedAt: string;
}

export interface EventSearchPage {
  items: EventSummary[];
  nextToken?: string;
  /** With a pattern: how many events were looked at for this page. */
  scanned?: number;
}

const DAY_MS = 86_400_000;
const SCAN_PAGE = 500;
const DEFAULT_MAX_SCAN = 10_000;

/**
 * Searches an account's events, newest first, by time range (default: the last 24 h), source,
 * detail-type and optionally an event pattern matched against each stored envelope. A pattern
 * search reads the window page by page and stops at `limit` matches or after `maxScan` events; its
 * `nextToken` continues after the last event looked at, so a sparse match goes on over pages.
 */
@Injectable()
export class EventsSearchService {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async search(accountId: string, q: EventSearch): Promise<EventSearchPage> {
    const to = q.to ? time(q.to, 'to') : new Date();
    const from = q.from ? time(q.from, 'from') : new Date(to.getTime() - DAY_MS);
    const limit = q.limit ?? 50;
    const where: SQL[] = [
      eq(events.accountId, accountId),
      gte(events.receivedAt, from),
      lte(events.receivedAt, to),
    ];
    if (q.source) where.push(eq(events.sourceName, q.source));
    if (q.detailType) where.push(eq(events.detailType, q.detailType));
    const cursor = q.nextToken ? decodeToken(q.nextToken) : undefined;
    if (q.pattern === undefined) {
      const rows = await this.page(where, cursor, limit + 1, false);
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        items: page.map(summary),
        nextToken: rows.length > limit && last ? encodeToken(last) : undefined,
      };
    }
    return this.byPattern(where, cursor, envelopeMatcher(q.pattern), limit, q.maxScan ?? DEFAULT_MAX_SCAN);
  }

  private async byPattern(
    where: SQL[],
    start: Cursor | undefined,
    matcher: EnvelopeMatcher,
    limit: number,
    maxScan: number,
  ): Promise<EventSearchPage> {
    const items: EventSummary[] = [];
    let cursor = start;
    let scanned = 0;
    while (scanned < maxScan) {
      const want = Math.min(SCAN_PAGE, maxScan - scanned);
      const rows = await this.page(where, cursor, want, true);
      for (const row of rows) {
        scanned++;
        cursor = row;
        // An event not normalized yet (held, or still to be routed) has no envelope to match.
        if (row.envelope !== null && matcher(row.envelope)) items.push(summary(row));
        if (items.length === limit) break;
      }
      // The window is read to its end: no next page.
      if (items.length < limit && rows.length < want) return { items, scanned };
      if (items.length === limit) break;
    }
    // A token only when something is left after the last event looked at.
    const more = cursor !== undefined && (await this.page(where, cursor, 1, false)).length > 0;
    return { items, scanned, nextToken: more && cursor ? encodeToken(cursor) : undefined };
  }

  private async page(where: SQL[], cursor: Cursor | undefined, limit: number, withEnvelope: boolean) {
    const after = cursor
      ? [
          or(
            lt(events.receivedAt, cursor.receivedAt),
            and(eq(events.receivedAt, cursor.receivedAt), lt(events.id, cursor.id)),
          ) as SQL,
        ]
      : [];
    return this.db
      .select({
        id: events.id,
        source: events.sourceName,
        detailType: events.detailType,
        state: events.state,
        receivedAt: events.receivedAt,
        // Read only for a pattern: envelopes can be large.
        envelope: withEnvelope ? events.envelope : sql<string | null>`NULL`,
      })
      .from(events)
      .where(and(...where, ...after))
      .orderBy(desc(events.receivedAt), desc(events.id))
      .limit(limit);
  }
}

interface Cursor {
  receivedAt: Date;
  id: string;
}

function summary(r: {
  id: string;
  source: string;
  detailType: string | null;
  state: string;
  receivedAt: Date;
}) {
  return {
    id: r.id,
    source: r.source,
    detailType: r.detailType ?? undefined,
    state: r.state,
    receivedAt: r.receivedAt.toISOString(),
  };
}

const encodeToken = (c: Cursor) => Buffer.from(`${c.receivedAt.toISOString()}|${c.id}`).toString('base64url');

/** The time of a token as encodeToken writes it (toISOString of an event's receipt). */
const TOKEN_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function decodeToken(token: string): Cursor {
  const [t, id] = Buffer.from(token, 'base64url').toString('utf8').split('|');
  if (!t || !id || !UUID.test(id) || !isStorableTime(t, TOKEN_TIME)) throw invalid('nextToken is not valid.');
  return { receivedAt: new Date(t), id };
}

function time(s: string, field: string): Date {
  const d = new Date(s);
  if (Number.isNaN(d.getTime())) throw invalid(`${field} must be an ISO 8601 time.`);
  return d;
}
