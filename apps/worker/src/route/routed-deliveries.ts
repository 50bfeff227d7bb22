import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '#libs/config';
import { InvalidationService, QueueName, QueueProducer } from '#libs/queue';
import type { ClaimedDelivery } from '../deliver/delivery-store.js';
import { DeliverService } from '../deliver/deliver.service.js';
import { FirstAttempts } from '../deliver/first-attempts.js';
import { settingsOf } from '../deliver/target-settings.cache.js';
import { TargetCallTimes } from '../deliver/target-call-times.js';
import type { EarlyOutcomes } from './early-outcomes.js';
import type { DeliveryRow, Plan } from './route-store.js';

/**
 * At most this many of an event's deliveries make their first attempt in the worker that routed it;
 * the others (a large fan-out) go to the deliver queue, where every worker can take them.
 */
const INLINE_DELIVERIES_PER_EVENT = 16;
/**
 * A webhook received less than this long ago may make its first attempts while its routing
 * statement commits, instead of after it (see RoutedDeliveries.startEarly). Past it (a backlog),
 * the call waits: a millisecond or two matters only while the pipeline keeps up.
 */
const EARLY_START_WITHIN_MS = 1_000;

/** Room for first attempts that a route job reserved (see FirstAttempts.reserveWithin). */
export interface Room {
  /** Reserved up front and not yet given to a plan. */
  prepaid: number;
  /** Reserved in all, including what was taken beyond `prepaid`. */
  reserved: number;
}

/**
 * What becomes of the pending deliveries that routing creates. When this worker also consumes the
 * deliver queue, they are created leased to it and make their first attempt right here, with the
 * envelope and target already in memory: no deliver job, no claim query. Ordered deliveries and a
 * large fan-out's tail go through the deliver queue. If the worker dies meanwhile, the lease runs out
 * and the sweeper enqueues them.
 */
@Injectable()
export class RoutedDeliveries {
  private readonly logger = new Logger(RoutedDeliveries.name);
  /** Whether first attempts run in this process (it consumes the deliver queue). */
  readonly inline: boolean;
  private readonly recordWaitMs: number;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly producer: QueueProducer,
    private readonly deliverer: DeliverService,
    private readonly firstAttempts: FirstAttempts,
    private readonly invalidation: InvalidationService,
    private readonly callTimes: TargetCallTimes,
  ) {
    this.inline = config.workerQueues.includes(QueueName.Deliver);
    this.recordWaitMs = config.routeRecordWaitMs;
  }

  /**
   * Leases to this worker those of the plan's deliveries that will make their first attempt here:
   * first from the room the job reserved up front (`room.prepaid`), then from whatever
   * FirstAttempts has left, which is added to `room.reserved`.
   */
  lease(plan: Plan, room: Room): void {
    if (!this.inline) return;
    const eligible = plan.rows.flatMap((r, i) =>
      r.state === 'pending' && r.orderingKey === null ? [i] : [],
    );
    const want = Math.min(eligible.length, INLINE_DELIVERIES_PER_EVENT);
    const prepaid = Math.min(want, room.prepaid);
    room.prepaid -= prepaid;
    const extra = want > prepaid ? this.firstAttempts.reserve(want - prepaid) : 0;
    room.reserved += extra;
    const now = Date.now();
    for (const i of eligible.slice(0, prepaid + extra)) {
      const target = (plan.rows[i] as DeliveryRow).target;
      plan.leases[i] = new Date(now + this.deliverer.leaseMs(settingsOf(target.config)));
    }
  }

  /**
   * Starts the leased first attempts of fresh webhooks before their routing statement is sent, so
   * the calls and the statement overlap; each attempt records itself only once `outcomes` says the
   * statement created its delivery, or hands its success to the statement (see EarlyOutcomes),
   * which waits for the attempts whose target has answered within that wait lately. The
   * one test of the statement's that planning did not make is that the event's source is still
   * ACTIVE, and the gateway checked that when it accepted the webhook, from a cache that every source
   * change invalidates over pub/sub. So only webhooks that came in after the last source change this
   * worker heard of, while it was subscribed, go early (`carried` are the events planned from their
   * route job); older ones, which may have outlived a deactivation, wait for the statement as
   * before. Returns the ids of the deliveries started.
   */
  startEarly(plans: readonly Plan[], carried: ReadonlySet<string>, outcomes: EarlyOutcomes): Set<string> {
    const started = new Set<string>();
    // receivedAt is the gateway's clock; hosts' clocks agree to well within the margin this needs.
    const since = Math.max(Date.now() - EARLY_START_WITHIN_MS, this.invalidation.quietSince('source'));
    for (const p of plans) {
      if (!carried.has(p.eventId) || p.receivedAt.getTime() <= since) continue;
      p.rows.forEach((r, i) => {
        if (r.state !== 'pending' || p.leases[i] === null) return;
        const fast = this.callTimes.within(r.target.id, this.recordWaitMs);
        this.firstAttempts.start(this.claimed(p, r), outcomes.for(r.id, fast));
        started.add(r.id);
      });
    }
    return started;
  }

  /**
   * Hands on the pending deliveries the statement created and startEarly did not start: the leased
   * ones make their first attempt here, the others become deliver jobs. Returns how many first
   * attempts it started.
   */
  async dispatch(
    plans: readonly Plan[],
    inserted: ReadonlySet<string>,
    started: ReadonlySet<string>,
  ): Promise<number> {
    const queued: Array<{ deliveryId: string; targetPk: string; attempt: number }> = [];
    const inline: ClaimedDelivery[] = [];
    for (const p of plans)
      p.rows.forEach((r, i) => {
        if (r.state !== 'pending' || !inserted.has(r.id) || started.has(r.id)) return;
        if (p.leases[i] === null) queued.push({ deliveryId: r.id, targetPk: r.target.id, attempt: 1 });
        else inline.push(this.claimed(p, r));
      });
    for (const d of inline) this.firstAttempts.start(d);
    // Not enqueued: they are pending and due, so the sweeper enqueues them.
    await this.producer
      .deliverMany(queued)
      .catch((err: Error) =>
        this.logger.warn(`${queued.length} deliveries left to the sweeper: ${err.message}`),
      );
    return inline.length;
  }

  /** A delivery routing just created and leased, as the deliver path sees a claimed one. */
  private claimed(p: Plan, r: DeliveryRow): ClaimedDelivery {
    return {
      id: r.id,
      eventId: p.eventId,
      eventReceivedAt: p.receivedAt,
      accountId: p.accountId,
      targetPk: r.target.id,
      // Routing makes live deliveries; a replay's are made by its slices.
      replayName: '',
      orderingKey: null,
      attempts: 0,
      retryAttemptBase: 0,
      retryWindowStart: p.retryWindowStart,
      target: {
        targetId: r.target.targetId,
        type: r.target.type,
        config: r.target.config,
        secretsEnc: r.target.secretsEnc,
        state: r.target.state,
        ruleName: r.ruleName,
        busName: p.busName,
      },
      envelope: p.envelope,
    };
  }
}
