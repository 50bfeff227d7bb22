import { Inject, Injectable } from '@nestjs/common';
import { and, asc, eq, inArray, like, sql } from 'drizzle-orm';
import { APP_CONFIG, type AppConfig } from '#libs/config';
import { DATABASE, type Database, type ReplayState, replays } from '#libs/db';
import { QueueProducer } from '#libs/queue';
import { newId } from '#libs/security';
import { ArchivesService } from '../archives/archives.service.js';
import { RETAINED_SQL } from '../archives/archive-pattern.js';
import { BusesRepository } from '../buses/buses.repository.js';
import { RulesRepository } from '../rules/rules.repository.js';
import { alreadyExists, Arns, DomainError, invalid, invalidState, notFound } from '../common/index.js';
import { afterName, type KeysetPage, keysetPage, type KeysetResult } from '../common/keyset.js';
import { type ReplayView, replayView } from './replay-view.js';

/** Replay names: `[.\-_A-Za-z0-9]+`, 1–64 characters (AWS's rule). */
export const REPLAY_NAME = /^[.\-_A-Za-z0-9]{1,64}$/;
export const ACTIVE_REPLAY_STATES = ['STARTING', 'RUNNING', 'CANCELLING'] as const;

export interface StartReplayInput {
  name: string;
  /** Up to 512 characters, kept and shown with the replay. */
  description?: string;
  archive: string;
  eventStartTime: Date;
  eventEndTime: Date;
  /**
   * Any bus of the account (AWS: only the archive's own bus). `filterRules` limits delivery to those
   * rules; `rule` + `target` sends to that one target only.
   */
  destination: { bus?: string; filterRules?: string[]; rule?: string; target?: string };
}

/** Starts, describes and cancels replays; the worker's `replay` queue does the work in slices. */
@Injectable()
export class ReplaysService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly archives: ArchivesService,
    private readonly buses: BusesRepository,
    private readonly rules: RulesRepository,
    private readonly arns: Arns,
    private readonly producer: QueueProducer,
  ) {}

  async start(
    accountId: string,
    input: StartReplayInput,
  ): Promise<{ name: string; arn: string; state: string }> {
    if (!REPLAY_NAME.test(input.name))
      throw invalid(`Replay name '${input.name}' is invalid: it must match [.\\-_A-Za-z0-9]{1,64}.`);
    if (input.description !== undefined && input.description.length > 512)
      throw invalid('A replay description may have at most 512 characters.');
    if (!(input.eventStartTime < input.eventEndTime))
      throw invalid('eventStartTime must be before eventEndTime.');
    const archive = await this.archives.find(accountId, input.archive);
    const { filterRules, targetId, busName } = await this.destinationOf(accountId, archive.busName, input);
    const id = newId();
    const inserted = await this.db.transaction(async (tx) => {
      // Serialises starts per account so two concurrent calls cannot both pass the limit check.
      await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`replay-limit/${accountId}`}))`);
      const [{ n } = { n: 0 }] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(replays)
        .where(and(eq(replays.accountId, accountId), inArray(replays.state, [...ACTIVE_REPLAY_STATES])));
      if (n >= this.config.maxConcurrentReplays)
        throw new DomainError(
          'LimitExceededException',
          `The account already has ${n} active replays; the limit is ${this.config.maxConcurrentReplays}.`,
        );
      const total = await tx.execute<{ n: number }>(sql`
        SELECT count(*)::int AS n FROM archive_events ae JOIN archives a ON a.id = ae.archive_id
        WHERE ae.archive_id = ${archive.id} AND ae.event_time >= ${input.eventStartTime}
          AND ae.event_time < ${input.eventEndTime} AND ${sql.raw(RETAINED_SQL)}`);
      return tx
        .insert(replays)
        .values({
          id,
          accountId,
          name: input.name,
          description: input.description ?? null,
          archiveId: archive.id,
          archiveName: archive.name,
          eventStartTime: input.eventStartTime,
          eventEndTime: input.eventEndTime,
          destinationBus: busName,
          filterRules,
          targetId,
          state: 'STARTING',
          eventsTotal: total.rows[0]?.n ?? 0,
        })
        .onConflictDoNothing()
        .returning({ name: replays.name, state: replays.state });
    });
    const row = inserted[0];
    if (!row) throw alreadyExists(`Replay ${input.name}`);
    await this.producer.replaySlice(id, 0);
    return { name: row.name, arn: this.arns.replay(accountId, row.name), state: row.state };
  }

  async get(accountId: string, name: string): Promise<ReplayView> {
    return replayView(await this.find(accountId, name), this.arns);
  }

  /**
   * One page of the replays by name (the key is the name): every replay of the account, or those
   * whose name starts with `namePrefix`, in `state`, of the archive named `archive`, for the filters
   * given.
   */
  async listPage(
    accountId: string,
    filter: { state?: ReplayState; namePrefix?: string; archive?: string },
    page: KeysetPage,
  ): Promise<KeysetResult<ReplayView>> {
    const rows = await this.db
      .select()
      .from(replays)
      .where(
        and(
          eq(replays.accountId, accountId),
          filter.state ? eq(replays.state, filter.state) : undefined,
          filter.namePrefix
            ? like(replays.name, `${filter.namePrefix.replace(/[\\%_]/g, '\\$&')}%`)
            : undefined,
          filter.archive !== undefined ? eq(replays.archiveName, filter.archive) : undefined,
          afterName(replays.name, page),
        ),
      )
      .orderBy(asc(replays.name))
      .limit(page.limit + 1);
    return keysetPage(rows, page, 'name', (r) => replayView(r, this.arns));
  }

  /** STARTING or RUNNING → CANCELLING; the worker stops before its next slice → CANCELLED. */
  async cancel(accountId: string, name: string): Promise<{ name: string; arn: string; state: string }> {
    const row = await this.find(accountId, name);
    const [updated] = await this.db
      .update(replays)
      .set({ state: 'CANCELLING', updatedAt: new Date() })
      .where(and(eq(replays.id, row.id), inArray(replays.state, ['STARTING', 'RUNNING'])))
      .returning({ slicesDone: replays.slicesDone });
    if (!updated)
      throw invalidState(
        `Replay ${name} is ${row.state}; only STARTING or RUNNING replays can be cancelled.`,
      );
    await this.producer.replaySlice(row.id, updated.slicesDone);
    return { name, arn: this.arns.replay(accountId, name), state: 'CANCELLING' };
  }

  private async find(accountId: string, name: string) {
    const [row] = await this.db
      .select()
      .from(replays)
      .where(and(eq(replays.accountId, accountId), eq(replays.name, name)));
    if (!row) throw notFound(`Replay ${name}`);
    return row;
  }

  /** Checks that the destination bus, rules and target exist now; they are looked up again per slice. */
  private async destinationOf(accountId: string, archiveBus: string, input: StartReplayInput) {
    const d = input.destination;
    const busName = d.bus ?? archiveBus;
    const bus = await this.buses.find(accountId, busName);
    if (!bus || bus.state !== 'ACTIVE') throw notFound(`Event bus ${busName}`);
    if (d.target !== undefined || d.rule !== undefined) {
      if (!d.rule || !d.target || d.filterRules)
        throw invalid('A single-target destination needs rule and target, and no filterRules.');
      const rule = await this.rules.find(accountId, bus.id, d.rule);
      if (!rule) throw notFound(`Rule ${d.rule}`);
      const targets = await this.rules.targetsOf(accountId, [rule.id]);
      if (!targets.some((t) => t.targetId === d.target)) throw notFound(`Target ${d.target}`);
      return { busName, filterRules: [d.rule], targetId: d.target };
    }
    for (const r of d.filterRules ?? [])
      if (!(await this.rules.find(accountId, bus.id, r))) throw notFound(`Rule ${r}`);
    return { busName, filterRules: d.filterRules?.length ? d.filterRules : null, targetId: null };
  }
}
