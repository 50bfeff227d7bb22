import { randomInt } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { eq } from 'drizzle-orm';
import { DATABASE, type Database, accounts, eventBuses } from '#libs/db';
import { newId } from '#libs/security';
import { notFound } from '../common/index.js';

export interface AccountView {
  accountId: string;
  name: string;
  createdAt: string;
}

/** Customer tenants. Each account is born with its `default` event bus, as in AWS. */
@Injectable()
export class AccountsService {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async create(name: string): Promise<AccountView> {
    for (;;) {
      const id = String(randomInt(100_000_000_000, 999_999_999_999));
      const created = await this.db.transaction(async (tx) => {
        const rows = await tx.insert(accounts).values({ id, name }).onConflictDoNothing().returning();
        const row = rows[0];
        if (!row) return undefined;
        await tx.insert(eventBuses).values({ id: newId(), accountId: id, name: 'default', kind: 'default' });
        return row;
      });
      // A clash on a random 12-digit id is rare; just draw again.
      if (created)
        return { accountId: created.id, name: created.name, createdAt: created.createdAt.toISOString() };
    }
  }

  async get(accountId: string): Promise<AccountView> {
    const [row] = await this.db.select().from(accounts).where(eq(accounts.id, accountId));
    if (!row) throw notFound(`Account ${accountId}`);
    return { accountId: row.id, name: row.name, createdAt: row.createdAt.toISOString() };
  }

  async list(): Promise<AccountView[]> {
    const rows = await this.db.select().from(accounts).orderBy(accounts.createdAt);
    return rows.map((r) => ({ accountId: r.id, name: r.name, createdAt: r.createdAt.toISOString() }));
  }

  async exists(accountId: string): Promise<boolean> {
    const [row] = await this.db.select({ id: accounts.id }).from(accounts).where(eq(accounts.id, accountId));
    return row !== undefined;
  }
}
