import { Inject, Injectable, Logger } from '@nestjs/common';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { APP_CONFIG, type AppConfig } from '#libs/config';
import { DATABASE, type Database, events, PG_POOL, partnerEventSources } from '#libs/db';
import type pg from 'pg';
import { metrics } from '#libs/observability';
import { getProvider, type VerificationScheme } from '#libs/providers';
import { QueueProducer } from '#libs/queue';
import { newId, uuidv7Time } from '#libs/security';
import { BusRulesCache } from './bus-rules.cache.js';
import { ArchivesCache } from './archives.cache.js';
import { buildEnvelope } from '#libs/domain';
import { orderingKeyOf } from './ordering-key.js';

export type RouteResult = 'routed' | 'held' | 'expired' | 'skipped' | 'missing';

/**
 * Routes one committed event: normalize it, match the bus's rules, and create one delivery per
 * matched rule × target in the same transaction that marks the event routed. Idempotent: an event
 * that is already routed is left alone, and deliveries are unique per event, target and replay.
 */
@Injectable()
export class RouteService {
  private readonly logger = new Logger(RouteService.name);

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(PG_POOL) private readonly handle: { pool: pg.Pool },
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly cache: BusRulesCache,
    private readonly archives: ArchivesCache,
    private readonly producer: QueueProducer,
  ) {}

  async route(eventId: string): Promise<RouteResult> {
    const started = performance.now();
    const result = await this.routeOnce(eventId);
    metrics.eventsRouted.inc({ result });
    metrics.routeDuration.observe((performance.now() - started) / 1000);
    return result;
  }

  private async routeOnce(eventId: string): Promise<RouteResult> {
    const receivedAt = uuidv7Time(eventId);
    // The event and its source in one round trip.
    const [row] = await this.db
      .select({
        event: events,
        source: {
          state: partnerEventSources.state,
          name: partnerEventSources.name,
          scheme: partnerEventSources.scheme,
          options: partnerEventSources.options,
        },
      })
      .from(events)
      .leftJoin(partnerEventSources, eq(partnerEventSources.id, events.sourceId))
      .where(and(eq(events.id, eventId), sql`${events.receivedAt} = ${receivedAt}`));
    const event = row?.event;
    if (!event) {
      this.logger.warn(`route: event ${eventId} not found`);
      return 'missing';
    }
    if (event.state !== 'received' && event.state !== 'held') return 'skipped';

    let busName = event.busName;
    let scheme: VerificationScheme | undefined;
    let options: Record<string, unknown> = {};
    if (event.sourceId) {
      const source = row.source;
      if (source?.state !== 'ACTIVE')
        return this.holdOrExpire(event.id, event.receivedAt, source?.state === 'PENDING');
      busName = source.name;
      scheme = source.scheme as VerificationScheme;
      options = source.options;
    }
    const bus = busName ? await this.cache.get(event.accountId, busName) : undefined;
    if (!bus || bus.state !== 'ACTIVE') return this.holdOrExpire(event.id, event.receivedAt, false);
    const archives = await this.archives.get(event.accountId, bus.busId);
    // A partner bus with nowhere to send events yet (just associated, rules still being written)
    // keeps them held; adding a rule target releases them. An archive counts as somewhere.
    if (event.sourceId && !bus.deliverable && archives.size === 0)
      return this.holdOrExpire(event.id, event.receivedAt, true);

    let envelope = event.envelope;
    let detailType = event.detailType;
    let eventTime = event.eventTime;
    if (envelope === null && scheme) {
      const normalized = getProvider(scheme).normalize(
        { rawBody: event.rawBody, headers: event.headers, url: '', receivedAt: event.receivedAt },
        options,
      );
      eventTime =
        normalized.time && !Number.isNaN(normalized.time.getTime()) ? normalized.time : event.receivedAt;
      detailType = normalized.detailType;
      envelope = buildEnvelope(
        {
          id: event.id,
          source: event.sourceName,
          account: event.accountId,
          region: this.config.region,
          time: eventTime,
        },
        normalized,
      );
    }
    if (envelope === null)
      throw new Error(`event ${event.id} has neither an envelope nor a source to normalize it`);

    const matched = bus.matcher.match(envelope);
    // Archive membership, decided now; archive patterns exclude events carrying `replay-name`.
    const archiveIds = archives.size > 0 ? archives.matcher.match(envelope) : [];
    // Parsed only when a matched target asks for ordering.
    let parsed: unknown;
    const keyOf = (path: string | undefined): string | null => {
      if (!path) return null;
      parsed ??= JSON.parse(envelope);
      return orderingKeyOf(parsed, path);
    };
    const rows = matched.flatMap((ruleId) =>
      (bus.rules.get(ruleId)?.targets ?? []).map((t) => ({
        id: newId(),
        eventId: event.id,
        eventReceivedAt: event.receivedAt,
        accountId: event.accountId,
        busId: bus.busId,
        ruleId,
        targetPk: t.id,
        orderingKey: keyOf((t.config as { orderingKey?: string }).orderingKey),
        state: t.state === 'ENABLED' ? ('pending' as const) : ('skipped' as const),
        nextAttemptAt: t.state === 'ENABLED' ? new Date() : null,
        lastError:
          t.state === 'ENABLED'
            ? null
            : { code: 'TargetDisabled', message: t.disabledReason ?? 'The target is disabled.' },
      })),
    );
    const inserted = await this.commitRouting(
      event.id,
      event.receivedAt,
      { envelope, detailType, eventTime, matchedRules: matched.length },
      rows,
      archiveIds,
    );
    if (inserted === undefined) return 'skipped';
    await this.producer.deliverMany(
      inserted
        .filter((d) => d.state === 'pending')
        .map((d) => ({ deliveryId: d.id, targetPk: d.target_pk, attempt: 1 })),
    );
    return 'routed';
  }

  /**
   * Marks the event routed and inserts its deliveries and archive memberships in one statement (atomic without an explicit
   * transaction). Undefined when another run routed it first. A crash after this commit leaves the
   * deliveries pending and due, so the sweeper enqueues them.
   */
  private async commitRouting(
    id: string,
    receivedAt: Date,
    e: { envelope: string; detailType: string | null; eventTime: Date | null; matchedRules: number },
    rows: ReadonlyArray<{
      id: string;
      accountId: string;
      busId: string;
      ruleId: string;
      targetPk: string;
      orderingKey: string | null;
      state: string;
      lastError: unknown;
    }>,
    archiveIds: readonly string[],
  ): Promise<Array<{ id: string; target_pk: string; state: string }> | undefined> {
    const col = <T>(f: (r: (typeof rows)[number]) => T): T[] => rows.map(f);
    const { rows: out } = await this.handle.pool.query<{
      routed: number;
      inserted: Array<{ id: string; target_pk: string; state: string }>;
    }>(
      `WITH upd AS (
         UPDATE events SET state = 'routed', envelope = $3, detail_type = $4, event_time = $5, matched_rules = $6, routed_at = now()
         WHERE id = $1 AND received_at = $2 AND state IN ('received', 'held')
         RETURNING id, received_at, account_id
       ),
       ins AS (
         INSERT INTO deliveries (id, event_id, event_received_at, account_id, bus_id, rule_id, target_pk, ordering_key, state, next_attempt_at, last_error)
         SELECT d.id, upd.id, upd.received_at, upd.account_id, d.bus_id, d.rule_id, d.target_pk, d.ordering_key, d.state,
                CASE WHEN d.state = 'pending' THEN now() END, d.last_error::jsonb
         FROM upd, unnest($7::uuid[], $8::uuid[], $9::uuid[], $10::uuid[], $11::text[], $12::text[], $13::text[])
           AS d(id, bus_id, rule_id, target_pk, ordering_key, state, last_error)
         ON CONFLICT DO NOTHING
         RETURNING id::text, target_pk::text, state
       ),
       arc AS (
         INSERT INTO archive_events (archive_id, event_id, event_received_at, event_time, size_bytes)
         SELECT a, upd.id, upd.received_at, coalesce($5, upd.received_at), octet_length($3)
         FROM upd, unnest($14::uuid[]) AS a
         ON CONFLICT DO NOTHING
       )
       SELECT (SELECT count(*) FROM upd)::int AS routed,
              (SELECT coalesce(json_agg(ins), '[]'::json) FROM ins) AS inserted`,
      [
        id,
        receivedAt,
        e.envelope,
        e.detailType,
        e.eventTime,
        e.matchedRules,
        col((r) => r.id),
        col((r) => r.busId),
        col((r) => r.ruleId),
        col((r) => r.targetPk),
        col((r) => r.orderingKey),
        col((r) => r.state),
        col((r) => (r.lastError ? JSON.stringify(r.lastError) : null)),
        archiveIds,
      ],
    );
    return out[0]?.routed ? out[0].inserted : undefined;
  }

  /**
   * A PENDING source's events wait (EventBridge drops them) until activation or the held-event TTL;
   * so do an active source's events while its bus has no rule with a target. Events of a deleted
   * source or a missing bus are expired.
   */
  private async holdOrExpire(id: string, receivedAt: Date, pending: boolean): Promise<RouteResult> {
    const state =
      pending && Date.now() - receivedAt.getTime() < this.config.heldEventTtlMs ? 'held' : 'expired';
    await this.db
      .update(events)
      .set({ state })
      .where(
        and(
          eq(events.id, id),
          eq(events.receivedAt, receivedAt),
          inArray(events.state, ['received', 'held']),
        ),
      );
    return state;
  }
}
