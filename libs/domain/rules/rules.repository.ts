import { Inject, Injectable } from '@nestjs/common';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { DATABASE, type Database, type Executor, rules, targets } from '#libs/db';

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

  async listByBus(accountId: string, busId: string): Promise<RuleRow[]> {
    return this.db
      .select()
      .from(rules)
      .where(and(eq(rules.accountId, accountId), eq(rules.busId, busId)))
      .orderBy(asc(rules.name));
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
          updatedAt: new Date(),
        },
      });
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
