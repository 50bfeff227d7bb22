import { Inject, Injectable } from '@nestjs/common';
import { and, eq, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import { DATABASE, type Database, deliveries, eventBuses, rules, targets } from '#libs/db';
import { QueueProducer } from '#libs/queue';
import { invalid, notFound } from '../common/index.js';

export interface RedriveFilter {
  bus?: string;
  rule?: string;
  target?: string;
  errorCode?: string;
  /** Deliveries created in [from, to]. */
  from?: string;
  to?: string;
  ids?: string[];
}

/** At most this many deliveries are redriven by one call; call again for the rest. */
export const MAX_REDRIVE = 10_000;

/**
 * Redrive: a dead-lettered delivery goes back to `pending` with a fresh retry budget and age window,
 * and is enqueued at once. Bulk redrive takes a filter; `dryRun` only counts.
 */
@Injectable()
export class RedriveService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly producer: QueueProducer,
  ) {}

  async redriveOne(accountId: string, id: string): Promise<{ redriven: number }> {
    const [row] = await this.db
      .select({ state: deliveries.state })
      .from(deliveries)
      .where(and(eq(deliveries.accountId, accountId), sql`${deliveries.id}::text = ${id}`));
    if (!row) throw notFound(`Delivery ${id}`);
    if (row.state !== 'dead_letter')
      throw invalid(`Delivery ${id} is ${row.state}; only dead letters can be redriven.`);
    return { redriven: (await this.redrive(accountId, [eq(deliveries.id, id)], MAX_REDRIVE)).length };
  }

  async redriveMany(
    accountId: string,
    filter: RedriveFilter,
    dryRun: boolean,
  ): Promise<{ matched: number; redriven: number }> {
    const where = this.where(accountId, filter);
    if (dryRun) {
      const [row] = await this.db
        .select({ n: sql<number>`count(*)::int` })
        .from(deliveries)
        .where(and(eq(deliveries.accountId, accountId), eq(deliveries.state, 'dead_letter'), ...where));
      return { matched: row?.n ?? 0, redriven: 0 };
    }
    const ids = await this.redrive(accountId, where, MAX_REDRIVE);
    return { matched: ids.length, redriven: ids.length };
  }

  private where(accountId: string, f: RedriveFilter): SQL[] {
    // The names are looked up in the account's own buses, rules and targets (the outer query is
    // scoped too; these keep every query of tenant rows scoped, and their scans small).
    const w: SQL[] = [];
    if (f.bus)
      w.push(
        inArray(
          deliveries.busId,
          this.db
            .select({ id: eventBuses.id })
            .from(eventBuses)
            .where(and(eq(eventBuses.accountId, accountId), eq(eventBuses.name, f.bus))),
        ),
      );
    if (f.rule)
      w.push(
        inArray(
          deliveries.ruleId,
          this.db
            .select({ id: rules.id })
            .from(rules)
            .where(and(eq(rules.accountId, accountId), eq(rules.name, f.rule))),
        ),
      );
    if (f.target)
      w.push(
        inArray(
          deliveries.targetPk,
          this.db
            .select({ id: targets.id })
            .from(targets)
            .where(and(eq(targets.accountId, accountId), eq(targets.targetId, f.target))),
        ),
      );
    if (f.errorCode) w.push(sql`${deliveries.deadLetter}->>'ERROR_CODE' = ${f.errorCode}`);
    if (f.from) w.push(gte(deliveries.createdAt, parseTime(f.from, 'from')));
    if (f.to) w.push(lte(deliveries.createdAt, parseTime(f.to, 'to')));
    if (f.ids) w.push(inArray(sql`${deliveries.id}::text`, f.ids));
    return w;
  }

  /** Moves matching dead letters back to pending in one statement, then enqueues them. */
  private async redrive(accountId: string, where: SQL[], limit: number): Promise<string[]> {
    const picked = this.db
      .select({ id: deliveries.id })
      .from(deliveries)
      .where(and(eq(deliveries.accountId, accountId), eq(deliveries.state, 'dead_letter'), ...where))
      .limit(limit);
    const rows = await this.db
      .update(deliveries)
      .set({
        state: 'pending',
        nextAttemptAt: sql`now()`,
        leaseUntil: null,
        deadLetter: null,
        redriveCount: sql`${deliveries.redriveCount} + 1`,
        retryAttemptBase: sql`${deliveries.attempts}`,
        retryWindowStart: sql`now()`,
        updatedAt: sql`now()`,
      })
      .where(
        and(
          eq(deliveries.accountId, accountId),
          eq(deliveries.state, 'dead_letter'),
          inArray(deliveries.id, picked),
        ),
      )
      .returning({ id: deliveries.id, attempts: deliveries.attempts, targetPk: deliveries.targetPk });
    for (let i = 0; i < rows.length; i += 1_000) {
      await this.producer.deliverMany(
        rows
          .slice(i, i + 1_000)
          .map((r) => ({ deliveryId: r.id, targetPk: r.targetPk, attempt: r.attempts + 1 })),
      );
    }
    return rows.map((r) => r.id);
  }
}

function parseTime(s: string, field: string): Date {
  const d = new Date(s);
  if (Number.isNaN(d.getTime())) throw invalid(`filter.${field} must be an ISO 8601 time.`);
  return d;
}
