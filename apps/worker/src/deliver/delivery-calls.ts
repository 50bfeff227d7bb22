import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '#libs/config';
import type { attempts } from '#libs/db';
import { Arns, type TargetInput, type TargetSecrets } from '#libs/domain';
import { metrics } from '#libs/observability';
import { SecretBox } from '#libs/security';
import { type DeliveryOutcome, shapeInput } from '#libs/targets';
import { type ClaimedDelivery, DeliveryStore } from './delivery-store.js';
import { TargetClients } from './target-clients.js';
import { TargetCallTimes } from './target-call-times.js';

/** The row an attempt leaves in `attempts`. */
export type AttemptRow = typeof attempts.$inferInsert;

/**
 * The call itself of a delivery that admission let through: the target's input shaped from the
 * envelope (EventBridge's Input, InputPath or InputTransformer), its secrets opened, the call made
 * by the target type's client, and the attempt's row. A delivery whose target is gone or disabled
 * is recorded as skipped instead. What comes next (done, retry, dead letter) is DeliverService's.
 */
@Injectable()
export class DeliveryCalls {
  private readonly box: SecretBox;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly store: DeliveryStore,
    private readonly clients: TargetClients,
    private readonly arns: Arns,
    private readonly callTimes: TargetCallTimes,
  ) {
    this.box = new SecretBox(config.secretKey);
  }

  /** Calls the target; undefined when the delivery was skipped (target gone or disabled). */
  async make(
    d: ClaimedDelivery,
  ): Promise<{ result: DeliveryOutcome; attempt: AttemptRow; config: TargetInput } | undefined> {
    if (!d.target || d.target.state !== 'ENABLED' || d.envelope === null) {
      const lastError = d.target
        ? { code: 'TargetDisabled', message: 'The target is disabled.' }
        : { code: 'TargetDeleted', message: 'The target, its rule or the event no longer exists.' };
      await this.store.finish(d.id, { state: 'skipped', lastError });
      metrics.deliveries.inc({ target_type: d.target?.type ?? 'unknown', outcome: 'skipped' });
      return undefined;
    }
    const config = d.target.config as unknown as TargetInput;
    const secrets = d.target.secretsEnc
      ? (JSON.parse(this.box.open(d.target.secretsEnc)) as TargetSecrets)
      : {};
    const startedAt = new Date();
    let result: DeliveryOutcome;
    try {
      const body = shapeInput(
        { input: config.input, inputPath: config.inputPath, inputTransformer: config.inputTransformer },
        {
          eventJson: d.envelope,
          ruleArn: this.arns.rule(d.accountId, d.target.busName, d.target.ruleName),
          ruleName: d.target.ruleName,
          ingestionTime: d.eventReceivedAt,
        },
      );
      result = await this.clients.send({
        deliveryId: d.id,
        eventId: d.eventId,
        targetPk: d.targetPk,
        replayName: d.replayName,
        accountId: d.accountId,
        target: config,
        secrets,
        body,
        envelope: d.envelope,
      });
    } catch (err) {
      // Shaping or a client bug: not retryable, so it dead-letters with the reason instead of looping.
      result = {
        ok: false,
        retryable: false,
        errorCode: 'InvalidTargetInput',
        errorMessage: (err as Error).message,
        durationMs: 0,
      };
    }
    metrics.deliveryDuration.observe({ target_type: config.type }, result.durationMs / 1000);
    this.callTimes.observe(d.targetPk, result.durationMs);
    const attempt: AttemptRow = {
      deliveryId: d.id,
      attemptNo: d.attempts + 1,
      startedAt,
      durationMs: Math.round(result.durationMs),
      outcome: result.ok ? 'succeeded' : 'failed',
      statusCode: result.ok ? result.statusCode : (result.statusCode ?? null),
      errorCode: result.ok ? null : result.errorCode,
      errorMessage: result.ok ? null : result.errorMessage.slice(0, 2_048),
    };
    return { result, attempt, config };
  }
}
