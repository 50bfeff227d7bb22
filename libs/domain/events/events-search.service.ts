import { Inject, Injectable } from '@nestjs/common';
import { and, desc, eq, gte, lt, lte, or, type SQL } from 'drizzle-orm';
import { DATABASE, type Database, events } from '#libs/db';
import { invalid } from '../common/index.js';

export interface EventSearch {
  from?: string;
  to?: string;
  source?: string;
  detailType?: string;
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

const DAY_MS = 86_400_000;

/** Searches an account's events by time range (default: the last 24 h), source and detail-type. */
@Injectable()
export class EventsSearchService {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async search(accountId: string, q: EventSearch): Promise<{ items: EventSummary[]; nextToken?: string }> {
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
    if (q.nextToken) {
      const [t, id] = Buffer.from(q.nextToken, 'base64url').toString('utf8').split('|');
      if (!t || !id || Number.isNaN(Date.parse(t))) throw invalid('nextToken is not valid.');
      where.push(
        or(
          lt(events.receivedAt, new Date(t)),
          and(eq(events.receivedAt, new Date(t)), lt(events.id, id)),
        ) as SQL,
      );
    }
    const rows = await this.db
      .select({
        id: events.id,
        source: events.sourceName,
        detailType: events.detailType,
        state: events.state,
        receivedAt: events.receivedAt,
      })
      .from(events)
      .where(and(...where))
      .orderBy(desc(events.receivedAt), desc(events.id))
      .limit(limit + 1);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => ({
        id: r.id,
        source: r.source,
        detailType: r.detailType ?? undefined,
        state: r.state,
        receivedAt: r.receivedAt.toISOString(),
      })),
      nextToken:
        rows.length > limit && last
          ? Buffer.from(`${last.receivedAt.toISOString()}|${last.id}`).toString('base64url')
          : undefined,
    };
  }
}

function time(s: string, field: string): Date {
  const d = new Date(s);
  if (Number.isNaN(d.getTime())) throw invalid(`${field} must be an ISO 8601 time.`);
  return d;
}
