import { randomInt } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { asc, eq, sql } from 'drizzle-orm';
import { DATABASE, type Database, accounts, eventBuses } from '#libs/db';
import { newId } from '#libs/security';
import { ACCOUNT_ID, notFound } from '../common/index.js';
import { type KeysetPage, keysetPage, type KeysetResult, microTime, timeIdKey } from '../common/keyset.js';

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

  /** One page of the accounts, oldest first (the key is `[creation time, id]`). */
  async list(page: KeysetPage): Promise<KeysetResult<AccountView>> {
    const after = page.after && timeIdKey(page.after, ACCOUNT_ID);
    const rows = await this.db
      .select({ row: accounts, at: microTime(accounts.createdAt) })
      .from(accounts)
      .where(
        after && sql`(${accounts.createdAt}, ${accounts.id}) > (${after.time}::timestamptz, ${after.id})`,
      )
      .orderBy(asc(accounts.createdAt), asc(accounts.id))
      .limit(page.limit + 1);
    return keysetPage(
      rows,
      page,
      (r) => [r.at, r.row.id],
      ({ row }) => ({ accountId: row.id, name: row.name, createdAt: row.createdAt.toISOString() }),
    );
  }

  async exists(accountId: string): Promise<boolean> {
    const [row] = await this.db.select({ id: accounts.id }).from(accounts).where(eq(accounts.id, accountId));
    return row !== undefined;
  }
}
