import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '#libs/config';
import type { Executor } from '#libs/db';
import { InvalidationService } from '#libs/queue';
import { SecretBox } from '#libs/security';
import { DomainError } from '../common/index.js';
import { RulesRepository } from '../rules/rules.repository.js';
import { splitTargetSecrets } from '../rules/target.schema.js';
import type { EventBridgeTargetDefinition } from '../eventbridge-targets/target-definition.js';
import { TargetArnResolver } from '../eventbridge-targets/target-arn.resolver.js';

/**
 * Keeps targets resolved from API destinations in step with them. A target put with an API
 * destination ARN is stored resolved (URL, method, connection auth), because that is what the
 * worker delivers; so updating a destination or its connection re-resolves its targets from their
 * stored AWS definitions, and deleting either disables them.
 */
@Injectable()
export class ApiDestinationTargets {
  private readonly box: SecretBox;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly rules: RulesRepository,
    private readonly resolver: TargetArnResolver,
    private readonly invalidation: InvalidationService,
  ) {
    this.box = new SecretBox(config.secretKey);
  }

  /**
   * Re-resolves, inside `ex`, every target of these destinations, re-enabling it: the settings it
   * was disabled for (e.g. an endpoint answering 410) may be what just changed. A target the new
   * settings make undeliverable is disabled with the reason. Returns the buses touched.
   */
  async refreshWithin(ex: Executor, accountId: string, destinationIds: readonly string[]): Promise<string[]> {
    const rows = await this.rules.targetsOfApiDestinations(accountId, destinationIds, ex);
    for (const { target } of rows) {
      const def = target.awsDefinition as EventBridgeTargetDefinition | null;
      if (!def) continue;
      try {
        const { target: input } = await this.resolver.translate(accountId, def, ex);
        // REST's deadLetter flag has no AWS member to be re-resolved from: it stays as stored.
        const stored = (target.config as { deadLetter?: boolean }).deadLetter;
        const { config, secrets } = splitTargetSecrets({ ...input, deadLetter: input.deadLetter ?? stored });
        await this.rules.updateResolution(
          accountId,
          target.id,
          {
            config: config as unknown as Record<string, unknown>,
            secretsEnc: secrets ? this.box.seal(JSON.stringify(secrets)) : null,
          },
          ex,
        );
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        await this.rules.updateResolution(
          accountId,
          target.id,
          { disabledReason: `API destination changed: ${err.message}` },
          ex,
        );
      }
    }
    return unique(rows.map((r) => r.bus));
  }

  /** Disables, inside `ex`, every target of these destinations. Returns the buses touched. */
  async disableWithin(
    ex: Executor,
    accountId: string,
    destinationIds: readonly string[],
    reason: string,
  ): Promise<string[]> {
    const rows = await this.rules.targetsOfApiDestinations(accountId, destinationIds, ex);
    for (const { target } of rows)
      await this.rules.updateResolution(accountId, target.id, { disabledReason: reason }, ex);
    return unique(rows.map((r) => r.bus));
  }

  /** After commit: every process drops its compiled matchers (which carry target states) of these buses. */
  async invalidate(accountId: string, buses: readonly string[]): Promise<void> {
    for (const bus of buses) await this.invalidation.publish('bus-rules', `${accountId}/${bus}`);
  }
}

const unique = (xs: readonly string[]): string[] => [...new Set(xs)];
