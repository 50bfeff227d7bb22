import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '#libs/config';
import { metrics } from '#libs/observability';
import type { VerificationScheme } from '#libs/providers';
import type { CarriedEvent } from '#libs/queue';
import { deliveryId } from '#libs/security';
import { BusRulesCache } from './bus-rules.cache.js';
import { ArchivesCache } from './archives.cache.js';
import { InvalidEventError } from '#libs/event-pattern';
import { orderingKeyOf } from './ordering-key.js';
import { normalizedEvent } from './normalized-event.js';
import { type DeliveryRow, type LoadedEvent, loadedFromJob, type Plan, RouteStore } from './route-store.js';
import { FirstAttempts } from '../deliver/first-attempts.js';
import { type Room, RoutedDeliveries } from './routed-deliveries.js';
import { EarlyOutcomes } from './early-outcomes.js';

/**
 * How long a route job waits for room for first attempts with none freed before its surplus becomes
 * deliver jobs (see FirstAttempts.reserveWithin). Room frees up as calls end: those waiting for a
 * stalled target give up within about a second, and a hanging target holds at most its concurrency
 * cap of calls (each until its timeout). Past this, routing goes on and the surplus takes the slower
 * deliver-job path.
 */
const ROOM_WAIT_MS = 10_000;

export type RouteResult = 'routed' | 'held' | 'expired' | 'skipped' | 'missing';

/**
 * Routes committed events, a batch at a time: normalize each, match its bus's rules, and create one
 * delivery per matched rule × target in the same statement that marks the event routed.
 * Idempotent: an event that is already routed is left alone, and deliveries are unique per event,
 * target and replay. What becomes of the deliveries it creates is RoutedDeliveries'.
 */
@Injectable()
export class RouteService {
  private readonly logger = new Logger(RouteService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly store: RouteStore,
    private readonly cache: BusRulesCache,
    private readonly archives: ArchivesCache,
    private readonly firstAttempts: FirstAttempts,
    private readonly deliveries: RoutedDeliveries,
  ) {}

  /**
   * Routes a batch of committed events; returns how many ended in each result. Events the job
   * carries are planned from it, the others from their rows; a carried event that the routing
   * statement leaves alone (its source is no longer ACTIVE, or another run routed it) is then
   * routed again from its row, which holds, expires or skips it.
   */
  async routeMany(
    eventIds: readonly string[],
    carried: readonly CarriedEvent[] = [],
  ): Promise<Partial<Record<RouteResult, number>>> {
    const first = await this.routeOnce(eventIds, carried);
    if (first.reread.length === 0) return first.counts;
    const again = await this.routeOnce(first.reread, []);
    const counts = { ...first.counts };
    for (const [r, n] of Object.entries(again.counts) as Array<[RouteResult, number]>)
      counts[r] = (counts[r] ?? 0) + n;
    return counts;
  }

  private async routeOnce(
    eventIds: readonly string[],
    carried: readonly CarriedEvent[],
  ): Promise<{ counts: Partial<Record<RouteResult, number>>; reread: string[] }> {
    // Room for first attempts in this process, reserved before the deliveries are leased: one per
    // event up front (waiting for it if need be), more for an event with several targets.
    const room: Room = { prepaid: 0, reserved: 0 };
    let attempting = 0;
    try {
      if (this.deliveries.inline) {
        room.prepaid = await this.firstAttempts.reserveWithin(eventIds.length, ROOM_WAIT_MS);
        room.reserved = room.prepaid;
      }
      const started = performance.now();
      // An event of a source is planned from the job only with its scheme (jobs from ingest have it).
      const usable = carried.filter((c) => c.sourceId === null || c.scheme !== undefined);
      const fromJob = new Map(usable.map((c) => [c.id, loadedFromJob(c)]));
      const loaded = await this.store.load(eventIds.filter((id) => !fromJob.has(id)));
      const results: RouteResult[] = [];
      const plans: Plan[] = [];
      for (const id of eventIds) {
        const row = fromJob.get(id) ?? loaded.get(id);
        if (!row) {
          this.logger.warn(`route: event ${id} not found`);
          results.push('missing');
          continue;
        }
        const plan = await this.plan(row);
        if (typeof plan === 'string') results.push(plan);
        else {
          this.deliveries.lease(plan, room);
          plans.push(plan);
        }
      }
      // Before any first attempt starts: the statement dates the routing and the deliveries no later.
      const decidedAt = new Date();
      const outcomes = new EarlyOutcomes();
      const early = this.deliveries.startEarly(plans, new Set(fromJob.keys()), outcomes);
      attempting = early.size;
      // The statement records the early attempts that succeed meanwhile. A fast target answers in a
      // millisecond or two; a slower one costs the statement this wait once, and records its attempt
      // itself. Only fresh webhooks start early, so a backlog's statements do not wait.
      const commit = outcomes
        .close(this.config.routeRecordWaitMs)
        .then((succeeded) => this.store.commit(plans, succeeded, decidedAt));
      outcomes.settle(commit.then((c) => c.deliveries));
      const committed = await commit;
      const routed = plans.filter((p) => committed.events.has(p.eventId));
      const reread: string[] = [];
      for (const p of plans) {
        if (committed.events.has(p.eventId)) results.push('routed');
        else if (fromJob.has(p.eventId)) reread.push(p.eventId);
        else results.push('skipped');
      }
      const counts: Partial<Record<RouteResult, number>> = {};
      for (const r of results) {
        counts[r] = (counts[r] ?? 0) + 1;
        metrics.eventsRouted.inc({ result: r });
      }
      metrics.routeDuration.observe((performance.now() - started) / 1000);
      attempting += await this.deliveries.dispatch(routed, committed.deliveries, early);
      return { counts, reread };
    } finally {
      this.firstAttempts.unreserve(room.reserved - attempting);
    }
  }

  /** What routing one event will commit, or why it will not be routed now. */
  private async plan(row: LoadedEvent): Promise<Plan | RouteResult> {
    const { event, source } = row;
    if (event.state !== 'received' && event.state !== 'held') return 'skipped';

    let busName = event.busName;
    let scheme: VerificationScheme | undefined;
    let options: Record<string, unknown> = {};
    if (event.sourceId) {
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

    const { envelope, detailType, eventTime } = normalizedEvent(
      event,
      scheme ? { scheme, options } : undefined,
      this.config.region,
    );

    let matched: string[] = [];
    let archiveIds: string[] = [];
    try {
      matched = bus.matcher.match(envelope);
      // Archive membership, decided now; archive patterns exclude events carrying `replay-name`.
      archiveIds = archives.size > 0 ? archives.matcher.match(envelope) : [];
    } catch (err) {
      if (!(err instanceof InvalidEventError)) throw err;
      // Ingest keeps such events out; one that got in anyway matches nothing rather than failing
      // its route job forever. It stays stored and visible.
      this.logger.warn(`route: event ${event.id} cannot be matched (${err.message}); it matches no rule`);
    }
    // Parsed only when a matched target asks for ordering.
    let parsed: unknown;
    const keyOf = (path: string | undefined): string | null => {
      if (!path) return null;
      parsed ??= JSON.parse(envelope);
      return orderingKeyOf(parsed, path);
    };
    const rows: DeliveryRow[] = matched.flatMap((ruleId) => {
      const rule = bus.rules.get(ruleId);
      return (rule?.targets ?? []).map((t) => ({
        id: deliveryId(event.id, t.id, ''),
        ruleId,
        ruleName: rule?.name ?? '',
        target: t,
        orderingKey: keyOf((t.config as { orderingKey?: string }).orderingKey),
        state: t.state === 'ENABLED' ? ('pending' as const) : ('skipped' as const),
        lastError:
          t.state === 'ENABLED'
            ? null
            : { code: 'TargetDisabled', message: t.disabledReason ?? 'The target is disabled.' },
      }));
    });
    return {
      eventId: event.id,
      receivedAt: event.receivedAt,
      accountId: event.accountId,
      busId: bus.busId,
      busName: bus.busName,
      envelope,
      detailType,
      eventTime,
      matchedRules: matched.length,
      rows,
      leases: rows.map(() => null),
      archiveIds,
      // A held event reaches its bus now: measured from receipt, its retries would be spent waiting.
      retryWindowStart: event.state === 'held' ? new Date() : null,
    };
  }

  /**
   * A PENDING source's events wait (EventBridge drops them) until activation or the held-event TTL;
   * so do an active source's events while its bus has no rule with a target. Events of a deleted
   * source or a missing bus are expired.
   */
  private async holdOrExpire(id: string, receivedAt: Date, pending: boolean): Promise<RouteResult> {
    const state =
      pending && Date.now() - receivedAt.getTime() < this.config.heldEventTtlMs ? 'held' : 'expired';
    await this.store.setWaiting(id, receivedAt, state);
    return state;
  }
}
