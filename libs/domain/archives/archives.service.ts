import { Inject, Injectable } from '@nestjs/common';
import { and, asc, eq, inArray, like, sql } from 'drizzle-orm';
import { DATABASE, type Database, archives, replays } from '#libs/db';
import { InvalidEventPatternError } from '#libs/event-pattern';
import { InvalidationService } from '#libs/queue';
import { newId } from '#libs/security';
import { BusesRepository } from '../buses/buses.repository.js';
import { alreadyExists, Arns, DomainError, invalid, invalidState, notFound } from '../common/index.js';
import { afterName, type KeysetPage, keysetPage, type KeysetResult } from '../common/keyset.js';
import { archiveMatchPattern, RETAINED_SQL } from './archive-pattern.js';

export type ArchiveRow = typeof archives.$inferSelect;

/** Archive names: AWS allows `[.\-_A-Za-z0-9]+`, 1–48 characters. */
export const ARCHIVE_NAME = /^[.\-_A-Za-z0-9]{1,48}$/;

/**
 * The longest retention, in days (about 2 700 years; 0 is forever). Retention is counted back from
 * today in SQL, where a date before 4713 BC is an error: a longer one (AWS sets no bound) broke
 * every count, dry run, replay and partition sweep that read the archive.
 */
export const MAX_RETENTION_DAYS = 1_000_000;

export interface CreateArchiveInput {
  name: string;
  eventSourceBus: string;
  eventPattern?: string | Record<string, unknown>;
  retentionDays?: number;
  description?: string;
}

/** The members UpdateArchive may change; an omitted member keeps its value. */
export interface UpdateArchiveInput {
  eventPattern?: string | Record<string, unknown>;
  retentionDays?: number;
  description?: string;
}

export interface ArchiveView {
  name: string;
  arn: string;
  eventSourceBus: string;
  eventSourceArn: string;
  eventPattern?: string;
  retentionDays: number;
  state: string;
  description?: string;
  eventCount: number;
  sizeBytes: number;
  createdAt: string;
}

/**
 * Archives of a bus's events. Membership is recorded by the worker when it routes an event (the
 * event is stored once, however many archives hold it); this service manages the definitions.
 */
@Injectable()
export class ArchivesService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly buses: BusesRepository,
    private readonly arns: Arns,
    private readonly invalidation: InvalidationService,
  ) {}

  async create(
    accountId: string,
    input: CreateArchiveInput,
  ): Promise<{ name: string; arn: string; state: string }> {
    if (!ARCHIVE_NAME.test(input.name))
      throw invalid(`Archive name '${input.name}' is invalid: it must match [.\\-_A-Za-z0-9]{1,48}.`);
    checkRetention(input.retentionDays);
    const bus = await this.buses.find(accountId, input.eventSourceBus);
    if (!bus || bus.state !== 'ACTIVE') throw notFound(`Event bus ${input.eventSourceBus}`);
    const pattern = input.eventPattern === undefined ? null : checkedPattern(input.eventPattern);
    const [row] = await this.db
      .insert(archives)
      .values({
        id: newId(),
        accountId,
        name: input.name,
        busId: bus.id,
        busName: bus.name,
        eventPattern: pattern,
        retentionDays: input.retentionDays ?? 0,
        description: input.description ?? null,
      })
      .onConflictDoNothing()
      .returning();
    if (!row) throw alreadyExists(`Archive ${input.name}`);
    await this.invalidation.publish('archives', `${accountId}/${bus.id}`);
    return { name: row.name, arn: this.arns.archive(accountId, row.name), state: row.state };
  }

  async find(accountId: string, name: string): Promise<ArchiveRow> {
    const [row] = await this.db
      .select()
      .from(archives)
      .where(and(eq(archives.accountId, accountId), eq(archives.name, name)));
    if (!row) throw notFound(`Archive ${name}`);
    return row;
  }

  async get(accountId: string, name: string): Promise<ArchiveView> {
    const row = await this.find(accountId, name);
    const [stats] = await this.stats([row.id]);
    return this.view(row, stats);
  }

  /**
   * The archives by name, one page of them when `page` is given (the key is the name); only those
   * whose name starts with `namePrefix`, of the bus named `bus`, in `state`, for the filters given.
   */
  async list(
    accountId: string,
    page?: KeysetPage,
    filter: { namePrefix?: string; bus?: string; state?: string } = {},
  ): Promise<KeysetResult<ArchiveView>> {
    const q = this.db
      .select()
      .from(archives)
      .where(
        and(
          eq(archives.accountId, accountId),
          filter.namePrefix
            ? like(archives.name, `${filter.namePrefix.replace(/[\\%_]/g, '\\$&')}%`)
            : undefined,
          filter.bus !== undefined ? eq(archives.busName, filter.bus) : undefined,
          filter.state !== undefined ? eq(archives.state, filter.state as ArchiveRow['state']) : undefined,
          afterName(archives.name, page),
        ),
      )
      .orderBy(asc(archives.name));
    const rows = page ? await q.limit(page.limit + 1) : await q;
    // Counted for the page's archives only (the extra row read to see whether more follow is not shown).
    const stats = await this.stats(rows.slice(0, page?.limit).map((r) => r.id));
    return keysetPage(rows, page, 'name', (r) =>
      this.view(
        r,
        stats.find((s) => s.id === r.id),
      ),
    );
  }

  /** Changes the description, pattern or retention; the worker picks up a new pattern at once. */
  async update(
    accountId: string,
    name: string,
    input: UpdateArchiveInput,
  ): Promise<{ name: string; arn: string; state: string; createdAt: string }> {
    checkRetention(input.retentionDays);
    const row = await this.find(accountId, name);
    const pattern = input.eventPattern === undefined ? undefined : checkedPattern(input.eventPattern);
    const [updated] = await this.db
      .update(archives)
      .set({
        ...(pattern !== undefined ? { eventPattern: pattern } : {}),
        ...(input.retentionDays !== undefined ? { retentionDays: input.retentionDays } : {}),
        ...(input.description !== undefined ? { description: input.description } : {}),
        updatedAt: new Date(),
      })
      .where(and(eq(archives.accountId, accountId), eq(archives.id, row.id)))
      .returning();
    if (!updated) throw notFound(`Archive ${name}`);
    await this.invalidation.publish('archives', `${accountId}/${row.busId}`);
    return {
      name: updated.name,
      arn: this.arns.archive(accountId, updated.name),
      state: updated.state,
      createdAt: updated.createdAt.toISOString(),
    };
  }

  /** Refused while a replay of the archive is active; memberships leave with their partitions. */
  async delete(accountId: string, name: string): Promise<void> {
    const row = await this.find(accountId, name);
    const [active] = await this.db
      .select({ name: replays.name })
      .from(replays)
      .where(
        and(eq(replays.archiveId, row.id), inArray(replays.state, ['STARTING', 'RUNNING', 'CANCELLING'])),
      )
      .limit(1);
    if (active) throw invalidState(`Archive ${name} has an active replay (${active.name}).`);
    await this.db.delete(archives).where(and(eq(archives.accountId, accountId), eq(archives.id, row.id)));
    await this.invalidation.publish('archives', `${accountId}/${row.busId}`);
  }

  /** Event count and size within retention, counted from the membership table. */
  private async stats(ids: string[]): Promise<Array<{ id: string; count: number; bytes: number }>> {
    if (ids.length === 0) return [];
    const res = await this.db.execute<{ id: string; count: number; bytes: string }>(sql`
      SELECT a.id::text AS id, count(ae.event_id)::int AS count, coalesce(sum(ae.size_bytes), 0)::text AS bytes
      FROM archives a LEFT JOIN archive_events ae ON ae.archive_id = a.id AND ${sql.raw(RETAINED_SQL)}
      WHERE a.id = ANY(${`{${ids.join(',')}}`}::uuid[])
      GROUP BY a.id`);
    return res.rows.map((r) => ({ id: r.id, count: r.count, bytes: Number(r.bytes) }));
  }

  private view(row: ArchiveRow, stats?: { count: number; bytes: number }): ArchiveView {
    return {
      name: row.name,
      arn: this.arns.archive(row.accountId, row.name),
      eventSourceBus: row.busName,
      eventSourceArn: this.arns.eventBus(row.accountId, row.busName),
      ...(row.eventPattern !== null ? { eventPattern: row.eventPattern } : {}),
      retentionDays: row.retentionDays,
      state: row.state,
      ...(row.description !== null ? { description: row.description } : {}),
      eventCount: stats?.count ?? 0,
      sizeBytes: stats?.bytes ?? 0,
      createdAt: row.createdAt.toISOString(),
    };
  }
}

/** A pattern as stored, checked with the parser the worker matches with. */
function checkedPattern(input: string | Record<string, unknown>): string {
  const pattern = typeof input === 'string' ? input : JSON.stringify(input);
  try {
    archiveMatchPattern(pattern);
  } catch (err) {
    if (err instanceof InvalidEventPatternError || err instanceof SyntaxError)
      throw new DomainError('InvalidEventPatternException', err.message);
    throw err;
  }
  return pattern;
}

function checkRetention(days: number | undefined): void {
  if (days !== undefined && !(Number.isInteger(days) && days >= 0 && days <= MAX_RETENTION_DAYS))
    throw invalid(`The retention must be a whole number of days from 0 (forever) to ${MAX_RETENTION_DAYS}.`);
}
