import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '#libs/config';
import { DATABASE, type Database } from '#libs/db';
import { InvalidEventPatternError, parsePattern } from '#libs/event-pattern';
import { InvalidationService } from '#libs/queue';
import { newId, SecretBox } from '#libs/security';
import { InputShapingError, validateInputShaping } from '#libs/targets';
import {
  Arns,
  assertRoleArn,
  DomainError,
  invalid,
  invalidState,
  notFound,
  RULE_NAME,
} from '../common/index.js';
import { type KeysetPage, keysetPage } from '../common/keyset.js';
import { BusesRepository, type BusRow } from '../buses/buses.repository.js';
import { HeldEventsService } from '../events/held-events.service.js';
import { SourcesRepository } from '../sources/sources.repository.js';
import { RulesRepository, type RuleRow, type TargetRow } from './rules.repository.js';
import { type RuleInput, ruleView, type RuleView } from './rule-view.js';
import { keepSecretsProblem, type SecretPart, withKeptSecrets } from './kept-secrets.js';
import { splitTargetSecrets, type TargetInput, type TargetSecrets } from './target.schema.js';
import { targetView } from './target-view.js';

/** AWS's limit of targets per rule. */
export const MAX_TARGETS_PER_RULE = 5;

/** How a target put through the EventBridge API was defined, kept beside its resolved settings. */
export interface TargetOrigin {
  awsDefinition: Record<string, unknown>;
  apiDestinationId?: string;
}

export interface PutTargetsOptions {
  /** How each target was defined through the EventBridge API, by target id. */
  origins?: ReadonlyMap<string, TargetOrigin>;
  /**
   * By target id, the sealed parts to keep from the stored target of that id on the rule, each only
   * where the new definition does not give it (REST's `keepSecrets`). Without it a put replaces the
   * target wholesale, as AWS PutTargets does.
   */
  keepSecrets?: ReadonlyMap<string, readonly SecretPart[]>;
}

export interface PutTargetsResult {
  failedEntryCount: number;
  failedEntries: Array<{ targetId: string; errorCode: string; errorMessage: string }>;
}

/** Rules on a bus and their targets. Every change invalidates the bus's compiled matcher everywhere. */
@Injectable()
export class RulesService {
  private readonly box: SecretBox;

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly buses: BusesRepository,
    private readonly repo: RulesRepository,
    private readonly arns: Arns,
    private readonly invalidation: InvalidationService,
    private readonly sources: SourcesRepository,
    private readonly held: HeldEventsService,
  ) {
    this.box = new SecretBox(config.secretKey);
  }

  /**
   * Creates or replaces the rule: a setting left out of `input` is reset (state ENABLED, no
   * description, no role), as AWS's PutRule does.
   */
  async put(accountId: string, busName: string, name: string, input: RuleInput): Promise<{ arn: string }> {
    if (!RULE_NAME.test(name))
      throw invalid(`Rule name '${name}' is invalid: use [.\\-_A-Za-z0-9], 1 to 64 characters.`);
    if (input.roleArn !== undefined) assertRoleArn(input.roleArn);
    const pattern =
      typeof input.eventPattern === 'string' ? input.eventPattern : JSON.stringify(input.eventPattern);
    try {
      parsePattern(pattern);
    } catch (err) {
      if (err instanceof InvalidEventPatternError)
        throw new DomainError('InvalidEventPatternException', err.message);
      throw err;
    }
    const bus = await this.activeBus(accountId, busName);
    await this.repo.upsert({
      id: newId(),
      accountId,
      busId: bus.id,
      name,
      eventPattern: pattern,
      state: input.state ?? 'ENABLED',
      description: input.description ?? null,
      roleArn: input.roleArn ?? null,
    });
    await this.changed(accountId, busName);
    return { arn: this.arns.rule(accountId, busName, name) };
  }

  async list(accountId: string, busName: string, namePrefix = ''): Promise<RuleView[]> {
    return (await this.listPage(accountId, busName, namePrefix)).items;
  }

  /** The bus's rules by name, one page of them when `page` is given (the key is the name). */
  async listPage(accountId: string, busName: string, namePrefix = '', page?: KeysetPage) {
    const bus = await this.bus(accountId, busName);
    const rows = await this.repo.listByBus(accountId, bus.id, namePrefix, page);
    return keysetPage(rows, page, 'name', (r) => this.view(r, bus.name));
  }

  async get(accountId: string, busName: string, name: string): Promise<RuleView> {
    const { bus, rule } = await this.rule(accountId, busName, name);
    return this.view(rule, bus.name);
  }

  async setState(
    accountId: string,
    busName: string,
    name: string,
    state: 'ENABLED' | 'DISABLED',
  ): Promise<void> {
    const { rule } = await this.rule(accountId, busName, name);
    await this.repo.upsert({ ...rule, state });
    await this.changed(accountId, busName);
  }

  /** As in AWS, a rule that still has targets cannot be deleted. */
  async delete(accountId: string, busName: string, name: string): Promise<void> {
    const { rule } = await this.rule(accountId, busName, name);
    if ((await this.repo.targetsOf(accountId, [rule.id])).length > 0) {
      throw invalid(`Rule ${name} can't be deleted since it has targets.`);
    }
    await this.repo.delete(accountId, rule.id);
    await this.changed(accountId, busName);
  }

  /**
   * Creates or replaces targets by id (at most 5 per rule). A target whose settings are not
   * deliverable fails alone; the rest are written in one transaction, reading (and locking) the
   * stored targets whose sealed parts are kept.
   */
  async putTargets(
    accountId: string,
    busName: string,
    ruleName: string,
    targets: readonly TargetInput[],
    { origins, keepSecrets = new Map<string, readonly SecretPart[]>() }: PutTargetsOptions = {},
  ): Promise<PutTargetsResult> {
    for (const t of targets) {
      const problem = keepSecretsProblem(t.type, keepSecrets.get(t.id) ?? []);
      if (problem) throw invalid(`Target ${t.id}: ${problem}.`);
    }
    const { rule } = await this.rule(accountId, busName, ruleName);
    const failedEntries: PutTargetsResult['failedEntries'] = [];
    const accepted: TargetInput[] = [];
    for (const t of targets) {
      const problem = this.targetProblem(t);
      if (problem)
        failedEntries.push({ targetId: t.id, errorCode: 'ValidationException', errorMessage: problem });
      else accepted.push(t);
    }
    await this.db.transaction(async (tx) => {
      await this.repo.lockRule(accountId, rule.id, tx);
      const existing = await this.repo.targetsOf(accountId, [rule.id], tx);
      const ids = new Set([...existing.map((e) => e.targetId), ...accepted.map((a) => a.id)]);
      if (ids.size > MAX_TARGETS_PER_RULE) {
        throw new DomainError(
          'LimitExceededException',
          `A rule can have at most ${MAX_TARGETS_PER_RULE} targets.`,
        );
      }
      const keeping = accepted.filter((t) => keepSecrets.has(t.id)).map((t) => t.id);
      const stored = new Map(
        (await this.repo.lockTargets(accountId, rule.id, keeping, tx)).map((r) => [r.targetId, r]),
      );
      for (const t of accepted) {
        const { config, secrets: given } = splitTargetSecrets(t);
        // A target resolved from an API destination holds its connection's credentials: they stay
        // with the connection (whose deauthorization must cut them off), never kept by another target.
        const kept = stored.get(t.id);
        const keepable = kept?.apiDestinationId ? undefined : kept;
        const secrets = withKeptSecrets(
          given,
          keepable && this.secretsOf(keepable),
          keepSecrets.get(t.id) ?? [],
        );
        await this.repo.upsertTarget(
          {
            id: newId(),
            accountId,
            ruleId: rule.id,
            targetId: t.id,
            type: t.type,
            config: config as unknown as Record<string, unknown>,
            secretsEnc: secrets ? this.box.seal(JSON.stringify(secrets)) : null,
            awsDefinition: origins?.get(t.id)?.awsDefinition ?? null,
            apiDestinationId: origins?.get(t.id)?.apiDestinationId ?? null,
          },
          tx,
        );
      }
    });
    await this.changed(accountId, busName);
    return { failedEntryCount: failedEntries.length, failedEntries };
  }

  /** One page of the rule's targets by id (the key is the target id). */
  async listTargets(accountId: string, busName: string, ruleName: string, page: KeysetPage) {
    const { bus, rule } = await this.rule(accountId, busName, ruleName);
    const rows = await this.repo.targetsPage(accountId, rule.id, page);
    const arn = (t: TargetRow) => this.arns.target(accountId, bus.name, rule.name, t.targetId);
    return keysetPage(rows, page, 'targetId', (t) => targetView(t, arn(t), this.secretsOf(t) ?? {}));
  }

  async removeTargets(
    accountId: string,
    busName: string,
    ruleName: string,
    ids: readonly string[],
  ): Promise<PutTargetsResult> {
    const { rule } = await this.rule(accountId, busName, ruleName);
    const removed = new Set(await this.repo.removeTargets(accountId, rule.id, ids));
    await this.changed(accountId, busName);
    const failedEntries = ids
      .filter((id) => !removed.has(id))
      .map((targetId) => ({
        targetId,
        errorCode: 'ResourceNotFoundException',
        errorMessage: `Target ${targetId} does not exist.`,
      }));
    return { failedEntryCount: failedEntries.length, failedEntries };
  }

  /** Why a target cannot be saved, or undefined. A bad target fails alone, as in AWS PutTargets. */
  private targetProblem(t: TargetInput): string | undefined {
    try {
      validateInputShaping({ input: t.input, inputPath: t.inputPath, inputTransformer: t.inputTransformer });
      return undefined;
    } catch (err) {
      if (err instanceof InputShapingError) return err.message;
      throw err;
    }
  }

  private async bus(accountId: string, name: string): Promise<BusRow> {
    const bus = await this.buses.find(accountId, name);
    if (!bus) throw notFound(`Event bus ${name}`);
    return bus;
  }

  private async activeBus(accountId: string, name: string): Promise<BusRow> {
    const bus = await this.bus(accountId, name);
    if (bus.state !== 'ACTIVE')
      throw invalidState(`Event bus ${name} is ${bus.state}: its partner deleted the event source.`);
    return bus;
  }

  private async rule(
    accountId: string,
    busName: string,
    name: string,
  ): Promise<{ bus: BusRow; rule: RuleRow }> {
    const bus = await this.bus(accountId, busName);
    const rule = await this.repo.find(accountId, bus.id, name);
    if (!rule) throw notFound(`Rule ${name} on event bus ${busName}`);
    return { bus, rule };
  }

  /**
   * Drops every process's compiled matcher for the bus. On a partner bus, events held while it had
   * no rule with a target are released: the change may have given them somewhere to go.
   */
  private async changed(accountId: string, busName: string): Promise<void> {
    await this.invalidation.publish('bus-rules', `${accountId}/${busName}`);
    const source = busName.startsWith('aws.partner/')
      ? await this.sources.findLiveForAccount(accountId, busName, this.db)
      : undefined;
    if (source?.state === 'ACTIVE') await this.held.release(source.id);
  }

  private view(r: RuleRow, busName: string): RuleView {
    return ruleView(r, this.arns.rule(r.accountId, busName, r.name), busName);
  }

  private secretsOf(t: TargetRow): TargetSecrets | undefined {
    return t.secretsEnc ? (JSON.parse(this.box.open(t.secretsEnc)) as TargetSecrets) : undefined;
  }
}
