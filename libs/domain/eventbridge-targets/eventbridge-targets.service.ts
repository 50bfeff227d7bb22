import { Injectable } from '@nestjs/common';
import {
  Arns,
  DomainError,
  type KeysetPage,
  keysetPage,
  type KeysetResult,
  notFound,
} from '../common/index.js';
import { BusesRepository } from '../buses/buses.repository.js';
import { RulesRepository, type RuleRow, type TargetRow } from '../rules/rules.repository.js';
import { type PutTargetsResult, RulesService, type TargetOrigin } from '../rules/rules.service.js';
import type { TargetInput } from '../rules/target.schema.js';
import type { EventBridgeTargetDefinition } from './target-definition.js';
import { TargetArnResolver } from './target-arn.resolver.js';

/** Rules read at a time while looking for those with a target of an ARN. */
const RULE_BATCH = 100;

/**
 * Rule targets as the EventBridge API sees them: named by ARN, stored through RulesService (the
 * same path as REST) with their AWS definition kept beside the resolved settings.
 */
@Injectable()
export class EventBridgeTargetsService {
  constructor(
    private readonly rules: RulesService,
    private readonly rulesRepo: RulesRepository,
    private readonly buses: BusesRepository,
    private readonly resolver: TargetArnResolver,
    private readonly arns: Arns,
  ) {}

  /**
   * PutTargets. A target whose ARN cannot be resolved or whose settings are not deliverable fails
   * alone, as in AWS; the rest are saved together (at most 5 per rule, else LimitExceeded).
   */
  async put(
    accountId: string,
    busName: string,
    ruleName: string,
    definitions: readonly EventBridgeTargetDefinition[],
  ): Promise<PutTargetsResult> {
    const { targets, origins, failedEntries: failed } = await this.resolve(accountId, definitions);
    const saved = await this.rules.putTargets(accountId, busName, ruleName, targets, { origins });
    const failedEntries = [...failed, ...saved.failedEntries];
    return { failedEntryCount: failedEntries.length, failedEntries };
  }

  /**
   * Resolves AWS target definitions into the domain's targets, each with its origin (the definition
   * and the API destination it names) to store beside it. A definition that cannot be resolved
   * fails alone. REST's targets that name an API destination are resolved here too.
   */
  async resolve(
    accountId: string,
    definitions: readonly EventBridgeTargetDefinition[],
  ): Promise<{
    targets: TargetInput[];
    origins: Map<string, TargetOrigin>;
    failedEntries: PutTargetsResult['failedEntries'];
  }> {
    const failedEntries: PutTargetsResult['failedEntries'] = [];
    const targets: TargetInput[] = [];
    const origins = new Map<string, TargetOrigin>();
    for (const def of definitions) {
      try {
        const { target, apiDestinationId } = await this.resolver.translate(accountId, def);
        targets.push(target);
        origins.set(def.Id, { awsDefinition: { ...def }, apiDestinationId });
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        failedEntries.push({ targetId: def.Id, errorCode: err.code, errorMessage: err.message });
      }
    }
    return { targets, origins, failedEntries };
  }

  /**
   * ListTargetsByRule: one page of the rule's targets by id (the key is the id), each as its AWS
   * definition (derived for targets put through REST).
   */
  async listPage(
    accountId: string,
    busName: string,
    ruleName: string,
    page: KeysetPage,
  ): Promise<KeysetResult<EventBridgeTargetDefinition>> {
    const bus = await this.buses.find(accountId, busName);
    if (!bus) throw notFound(`Event bus ${busName}`);
    const rule = await this.rulesRepo.find(accountId, bus.id, ruleName);
    if (!rule) throw notFound(`Rule ${ruleName} on event bus ${busName}`);
    const rows = await this.rulesRepo.targetsPage(accountId, rule.id, page);
    return keysetPage(rows, page, 'targetId', (t) => this.definitionOf(t, bus.name, rule.name));
  }

  /**
   * ListRuleNamesByTarget: one page of the names of the bus's rules with a target of this ARN, by
   * name (the key is the name). A target's ARN is derived from its definition here, not in SQL, so
   * the bus's rules are read by name in batches after the key until the page is full or the bus has
   * no more: memory holds a batch, not the bus.
   */
  async ruleNamesByTargetPage(
    accountId: string,
    busName: string,
    targetArn: string,
    page: KeysetPage,
  ): Promise<KeysetResult<string>> {
    const bus = await this.buses.find(accountId, busName);
    if (!bus) throw notFound(`Event bus ${busName}`);
    const hits: RuleRow[] = [];
    let after = page.after;
    // One more than the page, as keysetPage needs to tell that more follow.
    while (hits.length <= page.limit) {
      const batch = { limit: RULE_BATCH, ...(after ? { after } : {}) };
      const rules = await this.rulesRepo.listByBus(accountId, bus.id, '', batch);
      const read = rules.slice(0, RULE_BATCH);
      const targets = await this.rulesRepo.targetsOf(
        accountId,
        read.map((r) => r.id),
      );
      for (const rule of read) {
        const hit = targets.some(
          (t) => t.ruleId === rule.id && this.definitionOf(t, bus.name, rule.name).Arn === targetArn,
        );
        if (hit) hits.push(rule);
      }
      const last = read.at(-1);
      if (rules.length <= RULE_BATCH || last === undefined) break;
      after = [last.name];
    }
    return keysetPage(hits.slice(0, page.limit + 1), page, 'name', (r) => r.name);
  }

  /** The stored AWS definition, or one derived from a REST-defined target's settings. */
  private definitionOf(t: TargetRow, busName: string, ruleName: string): EventBridgeTargetDefinition {
    if (t.awsDefinition) return t.awsDefinition as unknown as EventBridgeTargetDefinition;
    const c = t.config as unknown as TargetInput;
    const arn =
      c.type === 'eventbridge' && c.eventbridge
        ? c.eventbridge.eventBusArn
        : c.type === 'bus' && c.bus
          ? this.arns.eventBus(t.accountId, c.bus.name)
          : this.arns.target(t.accountId, busName, ruleName, t.targetId);
    const retry = c.retryPolicy;
    return {
      Id: t.targetId,
      Arn: arn,
      ...(c.input !== undefined ? { Input: c.input } : {}),
      ...(c.inputPath !== undefined ? { InputPath: c.inputPath } : {}),
      ...(c.inputTransformer
        ? {
            InputTransformer: {
              InputPathsMap: c.inputTransformer.inputPathsMap,
              InputTemplate: c.inputTransformer.inputTemplate,
            },
          }
        : {}),
      ...(retry
        ? {
            RetryPolicy: {
              MaximumRetryAttempts: retry.maximumRetryAttempts,
              MaximumEventAgeInSeconds: retry.maximumEventAgeInSeconds,
            },
          }
        : {}),
    };
  }
}
