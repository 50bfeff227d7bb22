import { Inject, Injectable } from '@nestjs/common';
import { and, asc, desc, eq, gt, inArray, isNull, like, ne, or, type SQL, sql } from 'drizzle-orm';
import {
  DATABASE,
  type Database,
  type Executor,
  partnerEventSources,
  sourceSecrets,
  type SourceState,
} from '#libs/db';
import { afterName, badToken, type KeysetPage, microTime, timeIdKey } from '../common/keyset.js';
import { ACCOUNT_ID, UUID } from '../common/names.js';

export type SourceRow = typeof partnerEventSources.$inferSelect;
export type SecretRow = typeof sourceSecrets.$inferSelect;

/** Queries on partner event sources and their secrets. */
@Injectable()
export class SourcesRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /** The live (not DELETED) source with this name, whoever owns it. */
  async findLive(name: string, ex: Executor = this.db): Promise<SourceRow | undefined> {
    const [row] = await ex
      .select()
      .from(partnerEventSources)
      .where(and(eq(partnerEventSources.name, name), ne(partnerEventSources.state, 'DELETED')));
    return row;
  }

  /** The live source with this name offered to this account, locked for a state change. */
  async findLiveForAccount(
    accountId: string,
    name: string,
    ex: Executor,
    lock = false,
  ): Promise<SourceRow | undefined> {
    const q = ex
      .select()
      .from(partnerEventSources)
      .where(
        and(
          eq(partnerEventSources.accountId, accountId),
          eq(partnerEventSources.name, name),
          ne(partnerEventSources.state, 'DELETED'),
        ),
      );
    const [row] = lock ? await q.for('update') : await q;
    return row;
  }

  async listForAccount(accountId: string, namePrefix = ''): Promise<SourceRow[]> {
    return this.db
      .select()
      .from(partnerEventSources)
      .where(
        and(
          eq(partnerEventSources.accountId, accountId),
          like(partnerEventSources.name, `${escapeLike(namePrefix)}%`),
        ),
      )
      .orderBy(asc(partnerEventSources.name), desc(partnerEventSources.createdAt));
  }

  /**
   * One page of the partner's sources, history included: by name, then newest first (the key is
   * `[name, creation time, id]`); the rows and one more. `name` lists one name's rows only.
   */
  async pageForPartner(
    partner: string,
    filter: { namePrefix?: string; name?: string },
    page: KeysetPage,
  ): Promise<Array<{ row: SourceRow; key: string[] }>> {
    const t = partnerEventSources;
    const rows = await this.db
      .select({ row: t, at: microTime(t.createdAt) })
      .from(t)
      .where(
        and(
          eq(t.partnerName, partner),
          filter.name !== undefined ? eq(t.name, filter.name) : undefined,
          like(t.name, `${escapeLike(filter.namePrefix ?? '')}%`),
          afterPartnerSource(page),
        ),
      )
      .orderBy(asc(t.name), desc(t.createdAt), desc(t.id))
      .limit(page.limit + 1);
    return rows.map(({ row, at }) => ({ row, key: [row.name, at, row.id] }));
  }

  /**
   * One page of the partner's live (not DELETED) sources by name, the key being the name (a live
   * name is unique); the rows and one more.
   */
  async livePageForPartner(partner: string, namePrefix: string, page: KeysetPage): Promise<SourceRow[]> {
    const t = partnerEventSources;
    return this.db
      .select()
      .from(t)
      .where(
        and(
          eq(t.partnerName, partner),
          ne(t.state, 'DELETED'),
          like(t.name, `${escapeLike(namePrefix)}%`),
          afterName(t.name, page),
        ),
      )
      .orderBy(asc(t.name))
      .limit(page.limit + 1);
  }

  /**
   * One page of the lives of one name of the partner's, by account, then oldest first (the key is
   * `[account, creation time, id]`); the rows and one more.
   */
  async accountsPageForPartner(
    partner: string,
    name: string,
    page: KeysetPage,
  ): Promise<Array<{ row: SourceRow; key: string[] }>> {
    const t = partnerEventSources;
    const rows = await this.db
      .select({ row: t, at: microTime(t.createdAt) })
      .from(t)
      .where(and(eq(t.partnerName, partner), eq(t.name, name), afterAccountLife(page)))
      .orderBy(asc(t.accountId), asc(t.createdAt), asc(t.id))
      .limit(page.limit + 1);
    return rows.map(({ row, at }) => ({ row, key: [row.accountId, at, row.id] }));
  }

  /** One page of the newest row of each name offered to the account, by name; the rows and one more. */
  async latestPageForAccount(accountId: string, namePrefix: string, page: KeysetPage): Promise<SourceRow[]> {
    const t = partnerEventSources;
    return this.db
      .selectDistinctOn([t.name])
      .from(t)
      .where(
        and(eq(t.accountId, accountId), like(t.name, `${escapeLike(namePrefix)}%`), afterName(t.name, page)),
      )
      .orderBy(asc(t.name), desc(t.createdAt), desc(t.id))
      .limit(page.limit + 1);
  }

  async findByIngestId(ingestId: string): Promise<SourceRow | undefined> {
    const [row] = await this.db
      .select()
      .from(partnerEventSources)
      .where(eq(partnerEventSources.ingestId, ingestId));
    return row;
  }

  async findById(id: string, ex: Executor = this.db): Promise<SourceRow | undefined> {
    const [row] = await ex.select().from(partnerEventSources).where(eq(partnerEventSources.id, id));
    return row;
  }

  async insert(row: typeof partnerEventSources.$inferInsert, ex: Executor): Promise<SourceRow> {
    const [created] = await ex.insert(partnerEventSources).values(row).returning();
    if (!created) throw new Error('insert returned no row');
    return created;
  }

  async setState(id: string, state: SourceState, expiresAt: Date | null, ex: Executor): Promise<void> {
    await ex
      .update(partnerEventSources)
      .set({ state, expiresAt, updatedAt: new Date(), deletedAt: state === 'DELETED' ? new Date() : null })
      .where(eq(partnerEventSources.id, id));
  }

  /** PENDING sources whose expiry has passed, locked and skipped by concurrent sweepers. */
  async lockExpired(now: Date, limit: number, ex: Executor): Promise<SourceRow[]> {
    return ex
      .select()
      .from(partnerEventSources)
      .where(and(eq(partnerEventSources.state, 'PENDING'), sql`${partnerEventSources.expiresAt} < ${now}`))
      .limit(limit)
      .for('update', { skipLocked: true });
  }

  async activeSecrets(sourceIds: readonly string[], ex: Executor = this.db): Promise<SecretRow[]> {
    if (sourceIds.length === 0) return [];
    return ex
      .select()
      .from(sourceSecrets)
      .where(and(inArray(sourceSecrets.sourceId, [...sourceIds]), isNull(sourceSecrets.retiredAt)))
      .orderBy(desc(sourceSecrets.createdAt));
  }

  async insertSecret(row: typeof sourceSecrets.$inferInsert, ex: Executor = this.db): Promise<void> {
    await ex.insert(sourceSecrets).values(row);
  }

  async retireSecret(sourceId: string, secretId: string, ex: Executor = this.db): Promise<boolean> {
    const rows = await ex
      .update(sourceSecrets)
      .set({ retiredAt: new Date() })
      .where(
        and(
          eq(sourceSecrets.id, secretId),
          eq(sourceSecrets.sourceId, sourceId),
          isNull(sourceSecrets.retiredAt),
        ),
      )
      .returning({ id: sourceSecrets.id });
    return rows.length > 0;
  }
}

/** After `[name, creation time, id]` in the order name ascending, then newest first. */
function afterPartnerSource(page: KeysetPage): SQL | undefined {
  if (page.after === undefined) return undefined;
  const [name, ...rest] = page.after;
  if (name === undefined || name.includes('\u0000')) throw badToken();
  const { time, id } = timeIdKey(rest, UUID);
  const t = partnerEventSources;
  return or(
    gt(t.name, name),
    and(eq(t.name, name), sql`(${t.createdAt}, ${t.id}) < (${time}::timestamptz, ${id}::uuid)`),
  );
}

/** After `[account, creation time, id]` in the order account, then oldest first. */
function afterAccountLife(page: KeysetPage): SQL | undefined {
  if (page.after === undefined) return undefined;
  const [account, ...rest] = page.after;
  if (account === undefined || !ACCOUNT_ID.test(account)) throw badToken();
  const { time, id } = timeIdKey(rest, UUID);
  const t = partnerEventSources;
  return sql`(${t.accountId}, ${t.createdAt}, ${t.id}) > (${account}, ${time}::timestamptz, ${id}::uuid)`;
}

/** Escapes LIKE metacharacters so a prefix is matched literally. */
function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
