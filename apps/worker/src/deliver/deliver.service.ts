import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '#libs/config';
import type { DeadLetterAttributes } from '#libs/db';
import { Arns, type TargetInput } from '#libs/domain';
import { metrics } from '#libs/observability';
import { InvalidationService, type JobPayloads, QueueProducer } from '#libs/queue';
import {
  type DeliveryFailure,
  type DeliveryOutcome,
  nextAttemptDecision,
  resolveRetryPolicy,
} from '#libs/targets';
import { type ClaimedDelivery, DeliveryStore } from './delivery-store.js';
import { OrderingGate } from './ordering-gate.js';
import { type Admission, TargetAdmission } from './target-admission.js';
import { DeliveryWaker } from './delivery-waker.js';
import { type AttemptRow, DeliveryCalls } from './delivery-calls.js';
import { ALREADY_CREATED, type RoutingOutcome } from './routing-outcome.js';
import { settingsOf, type TargetSettings, TargetSettingsCache } from './target-settings.cache.js';

/** What one deliver job did: finished an attempt (or skipped), or parked the delivery for later. */
export type DeliverResult =
  { kind: 'done'; state: string } | { kind: 'parked'; untilMs: number; reason: string };

/** Parks that a waker ends early keep `next_attempt_at` due, so the early run passes the claim. */
const WOKEN_PARKS = new Set(['TargetBusy', 'WaitingForPredecessor']);

/** How long a claimed delivery stays leased beyond the target timeout before another worker may retake it. */
const LEASE_SLACK_MS = 30_000;
/** A concurrency slot's lease beyond the target timeout (see admit). */
const SLOT_SLACK_MS = 5_000;

/**
 * How long a routed delivery whose target is at its cap waits in this process for a slot after the
 * last slot this process saw freed, before it becomes a parked job. A fast target frees one every
 * few milliseconds; one that stalls (slow or hanging) sends its waiting deliveries to the queue.
 */
const LOCAL_WAIT_MS = 1_000;

/** A routed delivery that routing's statement did not create (see deliverRouted). */
const NOT_CREATED: DeliverResult = { kind: 'done', state: 'not-created' };

/**
 * Makes one attempt of one delivery: admission (breaker, rate limit, concurrency) first — a delivery
 * that must wait costs no query — then a claim that leases the delivery and loads what the attempt
 * needs, the call, and one statement that records the attempt with the next state. The next attempt
 * is a delayed job; if that job is lost, the sweeper finds the delivery due and enqueues it again.
 */
@Injectable()
export class DeliverService {
  private readonly logger = new Logger(DeliverService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly store: DeliveryStore,
    private readonly producer: QueueProducer,
    private readonly calls: DeliveryCalls,
    private readonly arns: Arns,
    private readonly admission: TargetAdmission,
    private readonly settings: TargetSettingsCache,
    private readonly ordering: OrderingGate,
    private readonly invalidation: InvalidationService,
    private readonly waker: DeliveryWaker,
  ) {}

  async deliver(job: JobPayloads['deliver']): Promise<DeliverResult> {
    const leaseMs = this.leaseMs(await this.settings.get(job.targetPk));
    // No kept slot: a job woken from the target's line takes the slot granted to it in Redis.
    const admission = await this.admit(job.targetPk, job.deliveryId, job.attempt, 0, false);
    if (!admission.admitted) return this.park(job.deliveryId, admission.retryAtMs, admission.reason);
    return this.holding(admission, async (release) => {
      const d = await this.store.claim(job.deliveryId, new Date(Date.now() + leaseMs));
      if (!d) return { kind: 'done', state: 'not-due' };
      const predecessorDue = await this.ordering.blockedUntil(d);
      if (predecessorDue !== undefined) return this.park(d.id, predecessorDue, 'WaitingForPredecessor');
      return this.run(d, admission, release);
    });
  }

  /**
   * The first attempt of a delivery that routing has just created and leased (see
   * RouteService): it has everything the attempt needs in memory, so there is no job and no claim.
   * If its target is at its concurrency cap, it waits for a slot while the target makes progress
   * (see LOCAL_WAIT_MS); a delivery still not admitted then (or at once: breaker open, rate
   * limited) becomes an ordinary parked deliver job.
   *
   * `routing` tells whether routing's statement created the delivery: the attempt may start before
   * that statement is sent (see RoutedDeliveries.startEarly), and writes nothing until it has
   * committed; a success made in time is handed to the statement, which records it (see
   * EarlyOutcomes). When the statement did not create the delivery (the event was routed by another
   * run, or its source is no longer active and it is routed again from its row), the call made is
   * not recorded: at least once allows a repeat.
   */
  async deliverRouted(d: ClaimedDelivery, routing: RoutingOutcome): Promise<DeliverResult> {
    const settings = settingsOf(d.target?.config);
    // A rate-limited target's send time is set by its reserved slot: no waiting in between.
    const wait = settings.rateLimitPerSecond ? 0 : LOCAL_WAIT_MS;
    const admission = await this.admit(d.targetPk, d.id, 1, wait);
    if (!admission.admitted) {
      routing.report(undefined);
      if (!(await routing.created)) return NOT_CREATED;
      const result = await this.park(d.id, admission.retryAtMs, admission.reason, true);
      await this.producer.deliverMany([
        { deliveryId: d.id, targetPk: d.targetPk, attempt: 1, delayMs: admission.retryAtMs - Date.now() },
      ]);
      // Woken while the job did not exist yet: run it now (see DeliveryWaker).
      await this.waker.afterParked(d.id, 1);
      return result;
    }
    return this.holding(admission, (release) => this.run(d, admission, release, routing));
  }

  /** How long a claimed delivery is leased: the call's timeout plus slack. */
  leaseMs(settings: TargetSettings): number {
    return (settings.timeoutMs ?? this.config.deliveryTimeoutMs) + LEASE_SLACK_MS;
  }

  /**
   * A target's concurrency slot is leased for the call's timeout plus a little: the call cannot
   * last longer, and a slot of a worker that died comes back soon instead of blocking the target.
   */
  private async admit(
    targetPk: string,
    deliveryId: string,
    attempt: number,
    waitLocallyMs = 0,
    keptSlots = true,
  ): Promise<Admission> {
    const settings = await this.settings.get(targetPk);
    const leaseMs = (settings.timeoutMs ?? this.config.deliveryTimeoutMs) + SLOT_SLACK_MS;
    return this.admission.admit({
      ...settings,
      targetPk,
      deliveryId,
      attempt,
      leaseMs,
      waitLocallyMs,
      keptSlots,
    });
  }

  /** Runs `work` holding the admission's slot, which is released however `work` ends. */
  private async holding(
    admission: Extract<Admission, { admitted: true }>,
    work: (release: () => Promise<void>) => Promise<DeliverResult>,
  ): Promise<DeliverResult> {
    let released = false;
    // Once only, even when giving the slot back fails (its lease in Redis then runs out).
    const release = async () => {
      if (released) return;
      released = true;
      await admission.release();
    };
    try {
      return await work(release);
    } finally {
      await release();
    }
  }

  /** The attempt of a claimed delivery, then its settlement. */
  private async run(
    d: ClaimedDelivery,
    admission: Extract<Admission, { admitted: true }>,
    release: () => Promise<void>,
    routing: RoutingOutcome = ALREADY_CREATED,
  ): Promise<DeliverResult> {
    const outcome = await this.calls.make(d);
    const recorded = routing.report(outcome?.result.ok ? outcome.attempt : undefined);
    await release();
    if (outcome === undefined) return { kind: 'done', state: 'skipped' };
    if (!(await routing.created)) {
      this.logger.warn(
        `delivery ${d.id} called its target, but routing did not create it (routed again); not recorded`,
      );
      return NOT_CREATED;
    }
    await this.admission.record(d.targetPk, !outcome.result.ok && outcome.result.retryable, admission.probe);
    const state = await this.settle(d, outcome.result, outcome.attempt, outcome.config, recorded);
    // The next delivery with the same key may go now.
    if (d.orderingKey !== null && state !== 'retrying') await this.ordering.wakeNext(d);
    return { kind: 'done', state };
  }

  /**
   * Records the attempt and decides what comes next: done, a retry, or a dead letter. `recorded`:
   * a success that routing's statement has recorded already.
   */
  private async settle(
    d: ClaimedDelivery,
    result: DeliveryOutcome,
    attempt: AttemptRow,
    config: TargetInput,
    recorded: boolean,
  ): Promise<string> {
    if (result.ok) {
      if (recorded) metrics.firstAttemptsRecordedByRouting.inc();
      else
        await this.store.finish(
          d.id,
          { state: 'succeeded', attempts: attempt.attemptNo, lastError: null },
          attempt,
        );
      metrics.deliveries.inc({ target_type: config.type, outcome: 'succeeded' });
      metrics.eventToDelivery.observe((Date.now() - d.eventReceivedAt.getTime()) / 1000);
      return 'succeeded';
    }
    return this.failed(d, result, attempt, config);
  }

  private async failed(
    d: ClaimedDelivery,
    outcome: DeliveryFailure,
    attempt: AttemptRow,
    config: TargetInput,
  ): Promise<string> {
    const attemptNo = attempt.attemptNo;
    const lastError = {
      code: outcome.errorCode,
      message: outcome.errorMessage.slice(0, 1_024),
      statusCode: outcome.statusCode,
    };
    const decision = nextAttemptDecision(
      resolveRetryPolicy(config.retryPolicy),
      // A redrive restarts both the retry budget and the age window.
      {
        attemptsSoFar: attemptNo - d.retryAttemptBase,
        receivedAt: d.retryWindowStart ?? d.eventReceivedAt,
        now: new Date(),
        outcome,
      },
      { baseMs: this.config.retryBaseMs, capMs: this.config.retryCapMs },
    );
    if (decision.action === 'retry') {
      await this.store.finish(
        d.id,
        {
          state: 'retrying',
          attempts: attemptNo,
          nextAttemptAt: new Date(Date.now() + decision.delayMs),
          lastError,
        },
        attempt,
      );
      metrics.deliveries.inc({ target_type: config.type, outcome: 'retry' });
      await this.producer
        .deliverMany([
          { deliveryId: d.id, targetPk: d.targetPk, attempt: attemptNo + 1, delayMs: decision.delayMs },
        ])
        .catch((e: Error) => this.logger.warn(`retry of ${d.id} left to the sweeper: ${e.message}`));
      return 'retrying';
    }
    const target = d.target as NonNullable<ClaimedDelivery['target']>;
    const deadLetter: DeadLetterAttributes = {
      ERROR_CODE: outcome.errorCode,
      ERROR_MESSAGE: outcome.errorMessage.slice(0, 1_024),
      EXHAUSTED_RETRY_CONDITION: decision.exhaustedCondition,
      RETRY_ATTEMPTS: attemptNo - 1 - d.retryAttemptBase,
      RULE_ARN: this.arns.rule(d.accountId, target.busName, target.ruleName),
      TARGET_ARN: this.arns.target(d.accountId, target.busName, target.ruleName, target.targetId),
    };
    await this.store.finish(
      d.id,
      { state: 'dead_letter', attempts: attemptNo, lastError, deadLetter },
      attempt,
    );
    if (decision.disableTarget) {
      await this.store.disableTarget(d.targetPk, 'The target answered 410 Gone.');
      await this.invalidation.publish('bus-rules', `${d.accountId}/${target.busName}`);
    }
    metrics.deliveries.inc({ target_type: config.type, outcome: 'dead_letter' });
    return 'dead_letter';
  }

  /**
   * Puts the delivery back without spending an attempt; its job is delayed until `untilMs`. A park
   * that a waker may end early (a freed slot, a finished predecessor) leaves `next_attempt_at` due;
   * the others (breaker, rate slot) record when to come back, which also keeps the sweeper away.
   * `leased`: the delivery was leased by routing, so the lease is given back in any case.
   */
  private async park(
    deliveryId: string,
    untilMs: number,
    reason: string,
    leased = false,
  ): Promise<DeliverResult> {
    // A job parked before its claim holds no lease; TargetBusy leaves it due for the waker.
    if (leased || reason !== 'TargetBusy')
      await this.store.park(deliveryId, WOKEN_PARKS.has(reason) ? undefined : new Date(untilMs));
    metrics.deliveriesParked.inc({ reason });
    return { kind: 'parked', untilMs, reason };
  }
}
