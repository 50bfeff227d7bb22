import { Inject, Injectable } from '@nestjs/common';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { DATABASE, type Database, attempts, deliveries, eventBuses, events, rules, targets } from '#libs/db';
import { uuidv7Time } from '#libs/security';
import { notFound, UUID } from '../common/index.js';

export interface EventTrace {
  id: string;
  state: string;
  source: string;
  receivedAt: string;
  routedAt?: string;
  envelope?: unknown;
  deliveries: Array<{
    id: string;
    bus: string;
    rule: string;
    target: string;
    replayName?: string;
    state: string;
    attempts: Array<{
      attempt: number;
      startedAt: string;
      durationMs: number;
      outcome: string;
      statusCode?: number;
      errorCode?: string;
      errorMessage?: string;
    }>;
  }>;
}

/** Reads an event with its trace: the deliveries it caused and each of their attempts. */
@Injectable()
export class EventsQueryService {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async get(accountId: string, id: string): Promise<EventTrace> {
    if (!UUID.test(id)) throw notFound(`Event ${id}`);
    // The id is a UUIDv7 and received_at is its timestamp, so this touches one partition.
    const at = uuidv7Time(id);
    const [event] = await this.db
      .select()
      .from(events)
      .where(and(eq(events.accountId, accountId), eq(events.id, id), sql`${events.receivedAt} = ${at}`));
    if (!event) throw notFound(`Event ${id}`);
    const ds = await this.db
      .select({ d: deliveries, rule: rules.name, bus: eventBuses.name, target: targets.targetId })
      .from(deliveries)
      .leftJoin(rules, eq(rules.id, deliveries.ruleId))
      .leftJoin(eventBuses, eq(eventBuses.id, deliveries.busId))
      .leftJoin(targets, eq(targets.id, deliveries.targetPk))
      .where(and(eq(deliveries.accountId, accountId), eq(deliveries.eventId, id)))
      .orderBy(asc(deliveries.createdAt));
    const as = ds.length
      ? await this.db
          .select()
          .from(attempts)
          .where(
            inArray(
              attempts.deliveryId,
              ds.map((x) => x.d.id),
            ),
          )
          .orderBy(asc(attempts.attemptNo))
      : [];
    return {
      id: event.id,
      state: event.state,
      source: event.sourceName,
      receivedAt: event.receivedAt.toISOString(),
      routedAt: event.routedAt?.toISOString(),
      envelope: event.envelope ? (JSON.parse(event.envelope) as unknown) : undefined,
      deliveries: ds.map(({ d, rule, bus, target }) => ({
        id: d.id,
        bus: bus ?? '(deleted)',
        rule: rule ?? '(deleted)',
        target: target ?? '(deleted)',
        replayName: d.replayName || undefined,
        state: d.state,
        attempts: as
          .filter((a) => a.deliveryId === d.id)
          .map((a) => ({
            attempt: a.attemptNo,
            startedAt: a.startedAt.toISOString(),
            durationMs: a.durationMs,
            outcome: a.outcome,
            statusCode: a.statusCode ?? undefined,
            errorCode: a.errorCode ?? undefined,
            errorMessage: a.errorMessage ?? undefined,
          })),
      })),
    };
  }
}
