import { Inject, Injectable, Logger } from '@nestjs/common';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { APP_CONFIG, type AppConfig } from '#libs/config';
import { DATABASE, type Database, deliveries, events, partnerEventSources } from '#libs/db';
import { metrics } from '#libs/observability';
import { getProvider, type VerificationScheme } from '#libs/providers';
import { QueueProducer } from '#libs/queue';
import { newId, uuidv7Time } from '#libs/security';
import { BusRulesCache } from './bus-rules.cache.js';
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
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly cache: BusRulesCache,
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
    const [event] = await this.db
      .select()
      .from(events)
      .where(and(eq(events.id, eventId), sql`${events.receivedAt} = ${receivedAt}`));
    if (!event) {
      this.logger.warn(`route: event ${eventId} not found`);
      return 'missing';
    }
    if (event.state !== 'received' && event.state !== 'held') return 'skipped';

    let busName = event.busName;
    let scheme: VerificationScheme | undefined;
    let options: Record<string, unknown> = {};
    if (event.sourceId) {
      const [source] = await this.db
        .select()
        .from(partnerEventSources)
        .where(eq(partnerEventSources.id, event.sourceId));
      if (source?.state !== 'ACTIVE')
        return this.holdOrExpire(event.id, event.receivedAt, source?.state === 'PENDING');
      busName = source.name;
      scheme = source.scheme as VerificationScheme;
      options = source.options;
    }
    const bus = busName ? await this.cache.get(event.accountId, busName) : undefined;
    if (!bus || bus.state !== 'ACTIVE') return this.holdOrExpire(event.id, event.receivedAt, false);
    // A partner bus with nowhere to send events yet (just associated, rules still being written)
    // keeps them held; adding a rule target releases them.
    if (event.sourceId && !bus.deliverable) return this.holdOrExpire(event.id, event.receivedAt, true);

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
    const routed = await this.db.transaction(async (tx) => {
      const updated = await tx
        .update(events)
        .set({
          state: 'routed',
          envelope,
          detailType,
          eventTime,
          matchedRules: matched.length,
          routedAt: new Date(),
        })
        .where(
          and(
            eq(events.id, event.id),
            eq(events.receivedAt, event.receivedAt),
            inArray(events.state, ['received', 'held']),
          ),
        )
        .returning({ id: events.id });
      if (updated.length === 0) return false;
      if (rows.length > 0) await tx.insert(deliveries).values(rows).onConflictDoNothing();
      return true;
    });
    if (!routed) return 'skipped';
    await this.enqueuePending(event.id);
    return 'routed';
  }

  /** Adds deliver jobs for every pending delivery of the event (idempotent job ids). */
  private async enqueuePending(eventId: string): Promise<void> {
    const pending = await this.db
      .select({ id: deliveries.id, attempts: deliveries.attempts })
      .from(deliveries)
      .where(and(eq(deliveries.eventId, eventId), eq(deliveries.state, 'pending')));
    await this.producer.deliverMany(pending.map((d) => ({ deliveryId: d.id, attempt: d.attempts + 1 })));
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
