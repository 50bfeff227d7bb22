import { Inject, Injectable } from '@nestjs/common';
import { type SQL, and, desc, eq, gte, lt, lte, or, sql } from 'drizzle-orm';
import {
  DATABASE,
  type Database,
  deliveries,
  type DeliveryState,
  eventBuses,
  rules,
  targets,
} from '#libs/db';
import { invalid, isStorableTime, UUID } from '../common/index.js';

export const DELIVERY_STATES = [
  'pending',
  'retrying',
  'succeeded',
  'dead_letter',
  'skipped',
] as const satisfies readonly DeliveryState[];

export interface DeliveryFilter {
  state?: DeliveryState;
  bus?: string;
  rule?: string;
  target?: string;
  /** The dead letter's ERROR_CODE. */
  errorCode?: string;
  /** Created in [from, to] (ISO 8601). */
  from?: string;
  to?: string;
}

export interface DeliveryView {
  id: string;
  eventId: string;
  bus: string;
  rule: string;
  target: string;
  state: DeliveryState;
  attempts: number;
  nextAttemptAt?: string;
  lastError?: unknown;
  deadLetterAttributes?: unknown;
  replayName?: string;
  createdAt: string;
}

/** Lists an account's deliveries, newest first, with keyset pagination. */
@Injectable()
export class DeliveriesQueryService {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async list(
    accountId: string,
    filter: DeliveryFilter,
    limit = 100,
    nextToken?: string,
  ): Promise<{ items: DeliveryView[]; nextToken?: string }> {
    const where: SQL[] = [eq(deliveries.accountId, accountId)];
    if (filter.state) where.push(eq(deliveries.state, filter.state));
    if (filter.bus) where.push(eq(eventBuses.name, filter.bus));
    if (filter.rule) where.push(eq(rules.name, filter.rule));
    if (filter.target) where.push(eq(targets.targetId, filter.target));
    if (filter.errorCode) where.push(sql`${deliveries.deadLetter}->>'ERROR_CODE' = ${filter.errorCode}`);
    if (filter.from) where.push(gte(deliveries.createdAt, isoTime(filter.from, 'from')));
    if (filter.to) where.push(lte(deliveries.createdAt, isoTime(filter.to, 'to')));
    if (nextToken) {
      // The token's time has PostgreSQL's microseconds: a JavaScript Date would round them off and
      // skip the rows created within the same millisecond as the page's last one.
      const { t, id } = decodeToken(nextToken);
      const at = sql`${t}::timestamptz`;
      where.push(
        or(lt(deliveries.createdAt, at), and(eq(deliveries.createdAt, at), lt(deliveries.id, id))) as SQL,
      );
    }
    const rows = await this.db
      .select({
        d: deliveries,
        at: sql<string>`to_char(${deliveries.createdAt} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
        bus: eventBuses.name,
        rule: rules.name,
        target: targets.targetId,
      })
      .from(deliveries)
      .leftJoin(eventBuses, eq(eventBuses.id, deliveries.busId))
      .leftJoin(rules, eq(rules.id, deliveries.ruleId))
      .leftJoin(targets, eq(targets.id, deliveries.targetPk))
      .where(and(...where))
      .orderBy(desc(deliveries.createdAt), desc(deliveries.id))
      .limit(limit + 1);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(({ d, bus, rule, target }) => ({
        id: d.id,
        eventId: d.eventId,
        bus: bus ?? '(deleted)',
        rule: rule ?? '(deleted)',
        target: target ?? '(deleted)',
        state: d.state,
        attempts: d.attempts,
        nextAttemptAt:
          d.state === 'pending' || d.state === 'retrying' ? d.nextAttemptAt?.toISOString() : undefined,
        lastError: d.lastError ?? undefined,
        deadLetterAttributes: d.deadLetter ?? undefined,
        replayName: d.replayName || undefined,
        createdAt: d.createdAt.toISOString(),
      })),
      nextToken: rows.length > limit && last ? encodeToken(last.at, last.d.id) : undefined,
    };
  }
}

function isoTime(s: string, field: string): Date {
  const d = new Date(s);
  if (Number.isNaN(d.getTime())) throw invalid(`${field} must be an ISO 8601 time.`);
  return d;
}

function encodeToken(t: string, id: string): string {
  return Buffer.from(JSON.stringify({ t, id })).toString('base64url');
}

const TOKEN_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

function decodeToken(token: string): { t: string; id: string } {
  try {
    const v = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { t?: unknown; id?: unknown };
    const valid =
      typeof v.t === 'string' &&
      isStorableTime(v.t, TOKEN_TIME) &&
      typeof v.id === 'string' &&
      UUID.test(v.id);
    if (valid) return { t: v.t as string, id: v.id as string };
  } catch {
    // fall through to the error below
  }
  throw invalid('nextToken is not valid.');
}
