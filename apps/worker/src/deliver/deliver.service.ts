import { Inject, Injectable, Logger } from '@nestjs/common';
import { and, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import { APP_CONFIG, type AppConfig } from '#libs/config';
import {
  attempts,
  DATABASE,
  type Database,
  type DeadLetterAttributes,
  deliveries,
  eventBuses,
  events,
  rules,
  targets,
} from '#libs/db';
import { Arns, type TargetInput, type TargetSecrets } from '#libs/domain';
import { metrics } from '#libs/observability';
import { InvalidationService, QueueProducer } from '#libs/queue';
import { SecretBox } from '#libs/security';
import {
  type DeliveryFailure,
  type DeliveryOutcome,
  nextAttemptDecision,
  resolveRetryPolicy,
  shapeInput,
} from '#libs/targets';
import { TargetClients } from './target-clients.js';
import { TargetAdmission } from './target-admission.js';
import { OrderingGate } from './ordering-gate.js';

type DeliveryRow = typeof deliveries.$inferSelect;

/** What one deliver job did: finished an attempt (or skipped), or parked the delivery for later. */
export type DeliverResult =
  { kind: 'done'; state: string } | { kind: 'parked'; untilMs: number; reason: string };

/** How long a claimed delivery stays leased beyond the target timeout before another worker may retake it. */
const LEASE_SLACK_MS = 30_000;

/**
 * Makes one attempt of one delivery. A lease in PostgreSQL makes the attempt exclusive even if the
 * same delivery is enqueued twice (sweeper), and the attempt is recorded in the same transaction
 * that decides the next state. The next attempt is then scheduled as a delayed job; if that job is
 * lost, the sweeper finds the delivery due and enqueues it again.
 */
@Injectable()
export class DeliverService {
  private readonly logger = new Logger(DeliverService.name);
  private readonly box: SecretBox;

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly producer: QueueProducer,
    private readonly clients: TargetClients,
    private readonly arns: Arns,
    private readonly admission: TargetAdmission,
    private readonly ordering: OrderingGate,
    private readonly invalidation: InvalidationService,
  ) {
    this.box = new SecretBox(config.secretKey);
  }

  async deliver(deliveryId: string): Promise<DeliverResult> {
    const delivery = await this.claim(deliveryId);
    if (!delivery) return { kind: 'done', state: 'not-due' };
    const result = await this.attempt(delivery);
    if (result.kind === 'done' && delivery.orderingKey !== null && result.state !== 'retrying') {
      // The next delivery with the same key may go now.
      await this.ordering.wakeNext(delivery);
    }
    return result;
  }

  private async attempt(delivery: DeliveryRow): Promise<DeliverResult> {
    const [ctx] = await this.db
      .select({ target: targets, rule: rules.name, bus: eventBuses.name, envelope: events.envelope })
      .from(targets)
      .innerJoin(rules, eq(rules.id, targets.ruleId))
      .innerJoin(eventBuses, eq(eventBuses.id, rules.busId))
      .innerJoin(
        events,
        and(eq(events.id, delivery.eventId), eq(events.receivedAt, delivery.eventReceivedAt)),
      )
      .where(and(eq(targets.id, delivery.targetPk), eq(targets.accountId, delivery.accountId)));
    if (!ctx || ctx.target.state !== 'ENABLED' || ctx.envelope === null) {
      const message = !ctx
        ? 'The target, its rule or the event no longer exists.'
        : 'The target is disabled.';
      await this.finish(delivery, {
        state: 'skipped',
        lastError: { code: ctx ? 'TargetDisabled' : 'TargetDeleted', message },
      });
      metrics.deliveries.inc({ target_type: ctx?.target.type ?? 'unknown', outcome: 'skipped' });
      return { kind: 'done', state: 'skipped' };
    }
    const predecessorDue = await this.ordering.blockedUntil(delivery);
    if (predecessorDue !== undefined) return this.park(delivery, predecessorDue, 'WaitingForPredecessor');

    const config = ctx.target.config as unknown as TargetInput;
    const secrets = ctx.target.secretsEnc
      ? (JSON.parse(this.box.open(ctx.target.secretsEnc)) as TargetSecrets)
      : {};
    const ruleArn = this.arns.rule(delivery.accountId, ctx.bus, ctx.rule);
    const attemptNo = delivery.attempts + 1;
    const admission = await this.admission.admit({
      targetPk: delivery.targetPk,
      deliveryId: delivery.id,
      attempt: attemptNo,
      rateLimitPerSecond: config.rateLimitPerSecond,
      maxConcurrency: config.maxConcurrency,
      leaseMs: (config.http?.timeoutMs ?? this.config.deliveryTimeoutMs) + LEASE_SLACK_MS,
    });
    if (!admission.admitted) return this.park(delivery, admission.retryAtMs, admission.reason);
    const startedAt = new Date();
    let outcome: DeliveryOutcome;
    try {
      const body = shapeInput(
        { input: config.input, inputPath: config.inputPath, inputTransformer: config.inputTransformer },
        { eventJson: ctx.envelope, ruleArn, ruleName: ctx.rule, ingestionTime: delivery.eventReceivedAt },
      );
      outcome = await this.clients.send({
        deliveryId: delivery.id,
        accountId: delivery.accountId,
        target: config,
        secrets,
        body,
        envelope: ctx.envelope,
      });
    } catch (err) {
      // Shaping or a client bug: not retryable, so it dead-letters with the reason instead of looping.
      outcome = {
        ok: false,
        retryable: false,
        errorCode: 'InvalidTargetInput',
        errorMessage: (err as Error).message,
        durationMs: 0,
      };
    } finally {
      await admission.release();
    }
    await this.admission.record(delivery.targetPk, !outcome.ok && outcome.retryable, admission.probe);
    metrics.deliveryDuration.observe({ target_type: config.type }, outcome.durationMs / 1000);

    const attempt = {
      deliveryId: delivery.id,
      attemptNo,
      startedAt,
      durationMs: Math.round(outcome.durationMs),
      outcome: outcome.ok ? ('succeeded' as const) : ('failed' as const),
      statusCode: outcome.ok ? outcome.statusCode : (outcome.statusCode ?? null),
      errorCode: outcome.ok ? null : outcome.errorCode,
      errorMessage: outcome.ok ? null : outcome.errorMessage.slice(0, 2_048),
    };
    if (outcome.ok) {
      await this.finish(delivery, { state: 'succeeded', attempts: attemptNo, lastError: null }, attempt);
      metrics.deliveries.inc({ target_type: config.type, outcome: 'succeeded' });
      metrics.eventToDelivery.observe((Date.now() - delivery.eventReceivedAt.getTime()) / 1000);
      return { kind: 'done', state: 'succeeded' };
    }
    if (outcome.disableTarget)
      await this.invalidation.publish('bus-rules', `${delivery.accountId}/${ctx.bus}`);
    const state = await this.failed(
      delivery,
      outcome,
      attempt,
      config,
      ruleArn,
      this.arns.target(delivery.accountId, ctx.bus, ctx.rule, ctx.target.targetId),
    );
    return { kind: 'done', state };
  }

  /** Puts the delivery back without spending an attempt; its job is delayed until `untilMs`. */
  private async park(delivery: DeliveryRow, untilMs: number, reason: string): Promise<DeliverResult> {
    await this.db
      .update(deliveries)
      .set({ nextAttemptAt: new Date(untilMs), leaseUntil: null, updatedAt: new Date() })
      .where(eq(deliveries.id, delivery.id));
    metrics.deliveriesParked.inc({ reason });
    return { kind: 'parked', untilMs, reason };
  }

  private async failed(
    delivery: DeliveryRow,
    outcome: DeliveryFailure,
    attempt: typeof attempts.$inferInsert,
    config: TargetInput,
    ruleArn: string,
    targetArn: string,
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
        attemptsSoFar: attemptNo - delivery.retryAttemptBase,
        receivedAt: delivery.retryWindowStart ?? delivery.eventReceivedAt,
        now: new Date(),
        outcome,
      },
      { baseMs: this.config.retryBaseMs, capMs: this.config.retryCapMs },
    );
    if (decision.action === 'retry') {
      const nextAttemptAt = new Date(Date.now() + decision.delayMs);
      await this.finish(
        delivery,
        { state: 'retrying', attempts: attemptNo, nextAttemptAt, lastError },
        attempt,
      );
      metrics.deliveries.inc({ target_type: config.type, outcome: 'retry' });
      await this.producer
        .deliverMany([{ deliveryId: delivery.id, attempt: attemptNo + 1, delayMs: decision.delayMs }])
        .catch((e: Error) => this.logger.warn(`retry of ${delivery.id} left to the sweeper: ${e.message}`));
      return 'retrying';
    }
    const deadLetter: DeadLetterAttributes = {
      ERROR_CODE: outcome.errorCode,
      ERROR_MESSAGE: outcome.errorMessage.slice(0, 1_024),
      EXHAUSTED_RETRY_CONDITION: decision.exhaustedCondition,
      RETRY_ATTEMPTS: attemptNo - 1 - delivery.retryAttemptBase,
      RULE_ARN: ruleArn,
      TARGET_ARN: targetArn,
    };
    await this.finish(
      delivery,
      { state: 'dead_letter', attempts: attemptNo, lastError, deadLetter },
      attempt,
      decision.disableTarget,
    );
    metrics.deliveries.inc({ target_type: config.type, outcome: 'dead_letter' });
    return 'dead_letter';
  }

  /**
   * Takes the delivery if it is due and nobody else holds it. A parked delivery that is woken early
   * (a freed slot, its predecessor done) has its `next_attempt_at` moved to now by the waker first.
   */
  private async claim(deliveryId: string): Promise<DeliveryRow | undefined> {
    const leaseUntil = new Date(Date.now() + this.config.deliveryTimeoutMs + LEASE_SLACK_MS);
    const [row] = await this.db
      .update(deliveries)
      .set({ leaseUntil })
      .where(
        and(
          eq(deliveries.id, deliveryId),
          inArray(deliveries.state, ['pending', 'retrying']),
          or(isNull(deliveries.leaseUntil), lt(deliveries.leaseUntil, sql`now()`)),
          // A job may run a little early (clock skew between processes); never much earlier.
          sql`${deliveries.nextAttemptAt} <= now() + interval '1 second'`,
        ),
      )
      .returning();
    return row;
  }

  /** Records the attempt and the delivery's next state together, releasing the lease. */
  private async finish(
    delivery: DeliveryRow,
    next: Partial<typeof deliveries.$inferInsert>,
    attempt?: typeof attempts.$inferInsert,
    disableTarget = false,
  ): Promise<void> {
    await this.db.transaction(async (tx) => {
      if (attempt) await tx.insert(attempts).values(attempt).onConflictDoNothing();
      const terminal = next.state === 'succeeded' || next.state === 'dead_letter' || next.state === 'skipped';
      await tx
        .update(deliveries)
        .set({
          ...next,
          nextAttemptAt: terminal ? null : next.nextAttemptAt,
          leaseUntil: null,
          updatedAt: new Date(),
        })
        .where(eq(deliveries.id, delivery.id));
      if (disableTarget) {
        await tx
          .update(targets)
          .set({ state: 'DISABLED', disabledReason: 'The target answered 410 Gone.', updatedAt: new Date() })
          .where(eq(targets.id, delivery.targetPk));
      }
    });
  }
}
