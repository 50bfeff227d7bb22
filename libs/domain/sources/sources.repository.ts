import { Inject, Injectable } from '@nestjs/common';
import { and, asc, desc, eq, inArray, isNull, like, ne, sql } from 'drizzle-orm';
import {
  DATABASE,
  type Database,
  type Executor,
  partnerEventSources,
  sourceSecrets,
  type SourceState,
} from '#libs/db';

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

  async listForPartner(partner: string, namePrefix: string): Promise<SourceRow[]> {
    return this.db
      .select()
      .from(partnerEventSources)
      .where(
        and(
          eq(partnerEventSources.partnerName, partner),
          like(partnerEventSources.name, `${escapeLike(namePrefix)}%`),
        ),
      )
      .orderBy(asc(partnerEventSources.name), desc(partnerEventSources.createdAt));
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

/** Escapes LIKE metacharacters so a prefix is matched literally. */
function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
