import { Inject, Injectable } from '@nestjs/common';
import { and, asc, eq, like } from 'drizzle-orm';
import { apiDestinations, connections, DATABASE, type Database, type Executor } from '#libs/db';
import { afterName, type KeysetPage } from '../common/keyset.js';

export type ConnectionRow = typeof connections.$inferSelect;

/** Queries on connections; every one is scoped to an account. */
@Injectable()
export class ConnectionsRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async find(
    accountId: string,
    name: string,
    ex: Executor = this.db,
    lock = false,
  ): Promise<ConnectionRow | undefined> {
    const q = ex
      .select()
      .from(connections)
      .where(and(eq(connections.accountId, accountId), eq(connections.name, name)));
    const [row] = lock ? await q.for('update') : await q;
    return row;
  }

  async findById(accountId: string, id: string, ex: Executor = this.db): Promise<ConnectionRow | undefined> {
    const [row] = await ex
      .select()
      .from(connections)
      .where(and(eq(connections.accountId, accountId), eq(connections.id, id)));
    return row;
  }

  /** By name; with a page, its rows and one more (see keysetPage). */
  async list(
    accountId: string,
    namePrefix = '',
    state?: string,
    page?: KeysetPage,
  ): Promise<ConnectionRow[]> {
    const q = this.db
      .select()
      .from(connections)
      .where(
        and(
          eq(connections.accountId, accountId),
          like(connections.name, `${namePrefix.replace(/[\\%_]/g, '\\$&')}%`),
          state ? eq(connections.state, state) : undefined,
          afterName(connections.name, page),
        ),
      )
      .orderBy(asc(connections.name));
    return page ? q.limit(page.limit + 1) : q;
  }

  async insert(row: typeof connections.$inferInsert, ex: Executor = this.db): Promise<ConnectionRow> {
    const [created] = await ex.insert(connections).values(row).returning();
    if (!created) throw new Error('insert returned no row');
    return created;
  }

  async update(
    accountId: string,
    id: string,
    set: Partial<typeof connections.$inferInsert>,
    ex: Executor,
  ): Promise<ConnectionRow> {
    const [row] = await ex
      .update(connections)
      .set({ ...set, updatedAt: new Date() })
      .where(and(eq(connections.accountId, accountId), eq(connections.id, id)))
      .returning();
    if (!row) throw new Error('update returned no row');
    return row;
  }

  async delete(accountId: string, id: string, ex: Executor): Promise<void> {
    await ex.delete(connections).where(and(eq(connections.accountId, accountId), eq(connections.id, id)));
  }

  /** The ids of the API destinations that call through this connection. */
  async destinationIds(accountId: string, connectionId: string, ex: Executor = this.db): Promise<string[]> {
    const rows = await ex
      .select({ id: apiDestinations.id })
      .from(apiDestinations)
      .where(and(eq(apiDestinations.accountId, accountId), eq(apiDestinations.connectionId, connectionId)));
    return rows.map((r) => r.id);
  }
}
