import { Inject, Injectable } from '@nestjs/common';
import { and, asc, eq, like } from 'drizzle-orm';
import { DATABASE, type Database, type Executor, eventBuses } from '#libs/db';
import { afterName, type KeysetPage } from '../common/index.js';

export type BusRow = typeof eventBuses.$inferSelect;

/** Queries on event buses; every one is scoped to an account. */
@Injectable()
export class BusesRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async find(
    accountId: string,
    name: string,
    ex: Executor = this.db,
    lock = false,
  ): Promise<BusRow | undefined> {
    const q = ex
      .select()
      .from(eventBuses)
      .where(and(eq(eventBuses.accountId, accountId), eq(eventBuses.name, name)));
    const [row] = lock ? await q.for('update') : await q;
    return row;
  }

  /** By name; with a page, its rows and one more (see keysetPage). */
  async list(accountId: string, namePrefix = '', page?: KeysetPage): Promise<BusRow[]> {
    const q = this.db
      .select()
      .from(eventBuses)
      .where(
        and(
          eq(eventBuses.accountId, accountId),
          like(eventBuses.name, `${namePrefix.replace(/[\\%_]/g, '\\$&')}%`),
          afterName(eventBuses.name, page),
        ),
      )
      .orderBy(asc(eventBuses.name));
    return page ? q.limit(page.limit + 1) : q;
  }

  async insert(row: typeof eventBuses.$inferInsert, ex: Executor): Promise<BusRow> {
    const [created] = await ex.insert(eventBuses).values(row).returning();
    if (!created) throw new Error('insert returned no row');
    return created;
  }

  async setState(accountId: string, id: string, state: 'ACTIVE' | 'DELETED', ex: Executor): Promise<void> {
    await ex
      .update(eventBuses)
      .set({ state, updatedAt: new Date() })
      .where(and(eq(eventBuses.accountId, accountId), eq(eventBuses.id, id)));
  }

  async setDescription(accountId: string, id: string, description: string | null): Promise<BusRow> {
    const [row] = await this.db
      .update(eventBuses)
      .set({ description, updatedAt: new Date() })
      .where(and(eq(eventBuses.accountId, accountId), eq(eventBuses.id, id)))
      .returning();
    if (!row) throw new Error('update returned no row');
    return row;
  }

  async delete(accountId: string, id: string, ex: Executor): Promise<void> {
    await ex.delete(eventBuses).where(and(eq(eventBuses.accountId, accountId), eq(eventBuses.id, id)));
  }
}
