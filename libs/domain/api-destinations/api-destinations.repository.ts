import { Inject, Injectable } from '@nestjs/common';
import { and, asc, eq, like } from 'drizzle-orm';
import { apiDestinations, DATABASE, type Database, type Executor } from '#libs/db';
import { afterName, type KeysetPage } from '../common/keyset.js';

export type ApiDestinationRow = typeof apiDestinations.$inferSelect;

/** Queries on API destinations; every one is scoped to an account. */
@Injectable()
export class ApiDestinationsRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async find(
    accountId: string,
    name: string,
    ex: Executor = this.db,
    lock = false,
  ): Promise<ApiDestinationRow | undefined> {
    const q = ex
      .select()
      .from(apiDestinations)
      .where(and(eq(apiDestinations.accountId, accountId), eq(apiDestinations.name, name)));
    const [row] = lock ? await q.for('update') : await q;
    return row;
  }

  /** By name, those of one connection when given; with a page, its rows and one more (see keysetPage). */
  async list(
    accountId: string,
    filter: { namePrefix?: string; connectionArn?: string } = {},
    page?: KeysetPage,
  ): Promise<ApiDestinationRow[]> {
    const q = this.db
      .select()
      .from(apiDestinations)
      .where(
        and(
          eq(apiDestinations.accountId, accountId),
          like(apiDestinations.name, `${(filter.namePrefix ?? '').replace(/[\\%_]/g, '\\$&')}%`),
          filter.connectionArn !== undefined
            ? eq(apiDestinations.connectionArn, filter.connectionArn)
            : undefined,
          afterName(apiDestinations.name, page),
        ),
      )
      .orderBy(asc(apiDestinations.name));
    return page ? q.limit(page.limit + 1) : q;
  }

  async insert(row: typeof apiDestinations.$inferInsert, ex: Executor = this.db): Promise<ApiDestinationRow> {
    const [created] = await ex.insert(apiDestinations).values(row).returning();
    if (!created) throw new Error('insert returned no row');
    return created;
  }

  async update(
    accountId: string,
    id: string,
    set: Partial<typeof apiDestinations.$inferInsert>,
    ex: Executor,
  ): Promise<ApiDestinationRow> {
    const [row] = await ex
      .update(apiDestinations)
      .set({ ...set, updatedAt: new Date() })
      .where(and(eq(apiDestinations.accountId, accountId), eq(apiDestinations.id, id)))
      .returning();
    if (!row) throw new Error('update returned no row');
    return row;
  }

  async delete(accountId: string, id: string, ex: Executor): Promise<void> {
    await ex
      .delete(apiDestinations)
      .where(and(eq(apiDestinations.accountId, accountId), eq(apiDestinations.id, id)));
  }
}
