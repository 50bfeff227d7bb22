import { Inject, Injectable } from '@nestjs/common';
import { and, asc, eq, inArray, like } from 'drizzle-orm';
import { DATABASE, type Database, type Executor, eventBuses, rules, targets } from '#libs/db';
import { afterName, type KeysetPage } from '../common/index.js';

export type RuleRow = typeof rules.$inferSelect;
export type TargetRow = typeof targets.$inferSelect;

/** Queries on rules and targets; every one is scoped to an account. */
@Injectable()
export class RulesRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async find(
    accountId: string,
    busId: string,
    name: string,
    ex: Executor = this.db,
  ): Promise<RuleRow | undefined> {
    const [row] = await ex
      .select()
      .from(rules)
      .where(and(eq(rules.accountId, accountId), eq(rules.busId, busId), eq(rules.name, name)));
    return row;
  }

  /** By name; with a page, its rows and one more (see keysetPage). */
  async listByBus(accountId: string, busId: string, namePrefix = '', page?: KeysetPage): Promise<RuleRow[]> {
    const q = this.db
      .select()
      .from(rules)
      .where(
        and(
          eq(rules.accountId, accountId),
          eq(rules.busId, busId),
          namePrefix ? like(rules.name, `${namePrefix.replace(/[\\%_]/g, '\\$&')}%`) : undefined,
          afterName(rules.name, page),
        ),
      )
      .orderBy(asc(rules.name));
    return page ? q.limit(page.limit + 1) : q;
  }

  async upsert(row: typeof rules.$inferInsert, ex: Executor = this.db): Promise<RuleRow> {
    const [saved] = await ex
      .insert(rules)
      .values(row)
      .onConflictDoUpdate({
        target: [rules.busId, rules.name],
        set: {
          eventPattern: row.eventPattern,
          state: row.state,
          description: row.description,
          roleArn: row.roleArn ?? null,
          updatedAt: new Date(),
        },
      })
      .returning();
    if (!saved) throw new Error('upsert returned no row');
    return saved;
  }

  async delete(accountId: string, id: string): Promise<void> {
    await this.db.delete(rules).where(and(eq(rules.accountId, accountId), eq(rules.id, id)));
  }

  async targetsOf(
    accountId: string,
    ruleIds: readonly string[],
    ex: Executor = this.db,
  ): Promise<TargetRow[]> {
    if (ruleIds.length === 0) return [];
    return ex
      .select()
      .from(targets)
      .where(and(eq(targets.accountId, accountId), inArray(targets.ruleId, [...ruleIds])))
      .orderBy(asc(targets.targetId));
  }

  /** One page of a rule's targets by id, and one more (see keysetPage). */
  async targetsPage(accountId: string, ruleId: string, page: KeysetPage): Promise<TargetRow[]> {
    return this.db
      .select()
      .from(targets)
      .where(
        and(eq(targets.accountId, accountId), eq(targets.ruleId, ruleId), afterName(targets.targetId, page)),
      )
      .orderBy(asc(targets.targetId))
      .limit(page.limit + 1);
  }

  /**
   * These targets of a rule, locked until the transaction ends, so that secrets read to be kept
   * are not replaced by a concurrent write before they are written back.
   */
  async lockTargets(
    accountId: string,
    ruleId: string,
    targetIds: readonly string[],
    ex: Executor,
  ): Promise<TargetRow[]> {
    if (targetIds.length === 0) return [];
    return ex
      .select()
      .from(targets)
      .where(
        and(
          eq(targets.accountId, accountId),
          eq(targets.ruleId, ruleId),
          inArray(targets.targetId, [...targetIds]),
        ),
      )
      .for('update');
  }

  /**
   * Locks the rule's row until the transaction ends, so that writes of its targets run one at a
   * time: each then counts the targets the one before it committed (the limit of 5 holds). NO KEY
   * UPDATE, so foreign-key checks of rows naming the rule (deliveries being routed) do not wait.
   */
  async lockRule(accountId: string, ruleId: string, ex: Executor): Promise<void> {
    await ex
      .select({ id: rules.id })
      .from(rules)
      .where(and(eq(rules.accountId, accountId), eq(rules.id, ruleId)))
      .for('no key update');
  }

  async upsertTarget(row: typeof targets.$inferInsert, ex: Executor): Promise<void> {
    await ex
      .insert(targets)
      .values(row)
      .onConflictDoUpdate({
        target: [targets.ruleId, targets.targetId],
        set: {
          type: row.type,
          config: row.config,
          secretsEnc: row.secretsEnc,
          state: 'ENABLED',
          disabledReason: null,
          // A REST write replaces an EventBridge-API definition: both are cleared unless given.
          awsDefinition: row.awsDefinition ?? null,
          apiDestinationId: row.apiDestinationId ?? null,
          updatedAt: new Date(),
        },
      });
  }

  /** Rewrites a target's resolved settings (or disables it) without touching its definition. */
  async updateResolution(
    accountId: string,
    id: string,
    change: { config: Record<string, unknown>; secretsEnc: string | null } | { disabledReason: string },
    ex: Executor,
  ): Promise<void> {
    const set =
      'disabledReason' in change
        ? { state: 'DISABLED' as const, disabledReason: change.disabledReason }
        : {
            config: change.config,
            secretsEnc: change.secretsEnc,
            state: 'ENABLED' as const,
            disabledReason: null,
          };
    await ex
      .update(targets)
      .set({ ...set, updatedAt: new Date() })
      .where(and(eq(targets.accountId, accountId), eq(targets.id, id)));
  }

  /** The targets resolved from these API destinations, with the bus and rule they belong to. */
  async targetsOfApiDestinations(
    accountId: string,
    destinationIds: readonly string[],
    ex: Executor = this.db,
  ): Promise<Array<{ target: TargetRow; rule: string; bus: string }>> {
    if (destinationIds.length === 0) return [];
    return ex
      .select({ target: targets, rule: rules.name, bus: eventBuses.name })
      .from(targets)
      .innerJoin(rules, eq(rules.id, targets.ruleId))
      .innerJoin(eventBuses, eq(eventBuses.id, rules.busId))
      .where(and(eq(targets.accountId, accountId), inArray(targets.apiDestinationId, [...destinationIds])));
  }

  async removeTargets(accountId: string, ruleId: string, targetIds: readonly string[]): Promise<string[]> {
    const removed = await this.db
      .delete(targets)
      .where(
        and(
          eq(targets.accountId, accountId),
          eq(targets.ruleId, ruleId),
          inArray(targets.targetId, [...targetIds]),
        ),
      )
      .returning({ targetId: targets.targetId });
    return removed.map((r) => r.targetId);
  }
}
