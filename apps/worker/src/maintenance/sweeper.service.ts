import { Inject, Injectable, Logger } from '@nestjs/common';
import { sql } from 'drizzle-orm';
import { APP_CONFIG, type AppConfig } from '#libs/config';
import { DATABASE, type Database } from '#libs/db';
import { metrics } from '#libs/observability';
import { QueueProducer } from '#libs/queue';

const BATCH = 1_000;

/**
 * Redis is transport, not record: anything whose next step is overdue in PostgreSQL is enqueued
 * again. Job ids are deterministic, so re-adding a job that still exists is a no-op, and the
 * consumers are idempotent, so a job that ran twice does no harm.
 */
@Injectable()
export class SweeperService {
  private readonly logger = new Logger(SweeperService.name);

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly producer: QueueProducer,
  ) {}

  async sweep(): Promise<{ events: number; deliveries: number; expired: number; replays: number }> {
    const grace = `${this.config.sweepGraceMs} milliseconds`;
    // A route backlog makes events late, not lost: one received after the longest-waiting route job
    // was added may still wait in a job, so 'received' events count as overdue from the grace before
    // that moment (without this, a backlog longer than the grace had every event enqueued twice).
    const waitingSince = await this.producer.oldestWaitingRouteJobAt().catch(() => undefined);
    // Received but not routed in time, or held for a source that is now ACTIVE and whose bus now
    // has a rule with a target (the release after activation or after adding a target was lost).
    // Oldest first, like the deliveries below, when more than a batch waits.
    const events = await this.db.execute<{ id: string }>(sql`
      SELECT e.id::text AS id FROM events e
      LEFT JOIN partner_event_sources s ON s.id = e.source_id
      WHERE (e.state = 'received' AND e.received_at < least(now(),
               coalesce(to_timestamp(${waitingSince ?? null}::double precision / 1000), now())) - ${grace}::interval)
         OR (e.state = 'held' AND s.state = 'ACTIVE' AND e.received_at < now() - ${grace}::interval AND EXISTS (
              SELECT 1 FROM event_buses b
              JOIN rules r ON r.bus_id = b.id AND r.state = 'ENABLED'
              JOIN targets t ON t.rule_id = r.id
              WHERE b.account_id = e.account_id AND b.name = s.name AND b.state = 'ACTIVE'))
      ORDER BY e.received_at
      LIMIT ${BATCH}`);
    const expired = await this.db.execute(sql`
      UPDATE events SET state = 'expired'
      WHERE state = 'held' AND received_at < now() - ${`${this.config.heldEventTtlMs} milliseconds`}::interval`);
    // Due deliveries nobody holds a lease on.
    const due = await this.db.execute<{ id: string; attempts: number; target_pk: string }>(sql`
      SELECT id::text AS id, attempts, target_pk::text AS target_pk FROM deliveries
      WHERE state IN ('pending', 'retrying')
        AND next_attempt_at < now() - ${grace}::interval
        AND (lease_until IS NULL OR lease_until < now())
      ORDER BY next_attempt_at
      LIMIT ${BATCH}`);
    // Active replays that made no progress for a while (their next slice job was lost or is stuck
    // under a dead worker): run the next slice again; the cursor in PostgreSQL says where it is.
    const stalled = await this.db.execute<{ id: string; slices_done: number }>(sql`
      SELECT id::text AS id, slices_done FROM replays
      WHERE state IN ('STARTING', 'RUNNING', 'CANCELLING')
        AND updated_at < now() - ${`${this.config.sweepGraceMs + this.config.replaySliceDelayMs} milliseconds`}::interval
      LIMIT ${BATCH}`);
    for (const r of stalled.rows) await this.producer.replaySlice(r.id, r.slices_done, 0, true);
    await this.producer.routeEvents(events.rows.map((r) => r.id));
    await this.producer.deliverMany(
      due.rows.map((r) => ({ deliveryId: r.id, targetPk: r.target_pk, attempt: r.attempts + 1 })),
    );
    metrics.sweeperRequeued.inc({ kind: 'event' }, events.rows.length);
    metrics.sweeperRequeued.inc({ kind: 'delivery' }, due.rows.length);
    const result = {
      events: events.rows.length,
      deliveries: due.rows.length,
      expired: expired.rowCount ?? 0,
      replays: stalled.rows.length,
    };
    if (result.events + result.deliveries + result.expired + result.replays > 0)
      this.logger.log(`sweep: ${JSON.stringify(result)}`);
    return result;
  }

  /** PENDING sources past their expiry are deleted; a bus left behind by deactivation goes too. */
  async expireSources(): Promise<number> {
    const res = await this.db.execute<{ name: string }>(sql`
      WITH gone AS (
        UPDATE partner_event_sources SET state = 'DELETED', deleted_at = now(), updated_at = now()
        WHERE state = 'PENDING' AND expires_at < now()
        RETURNING account_id, name
      )
      UPDATE event_buses b SET state = 'DELETED', updated_at = now()
      FROM gone WHERE b.account_id = gone.account_id AND b.name = gone.name
      RETURNING b.name`);
    return res.rowCount ?? 0;
  }

  /**
   * Creates upcoming daily partitions; drops partitions and dedup keys past retention. A day past
   * HOOKBRIDGE_EVENT_RETENTION_DAYS is kept while an archive still holds events of that day within
   * its own retention (0 = forever); it goes, with its archive_events partition, once none does.
   */
  async maintainPartitions(): Promise<{ created: number; dropped: string[]; purged: number }> {
    const created = await this.db.execute<{ n: number }>(
      sql`SELECT hb_ensure_event_partitions(((now() AT TIME ZONE 'UTC')::date - 1), 9)
               + hb_ensure_archive_event_partitions(((now() AT TIME ZONE 'UTC')::date - 1), 9) AS n`,
    );
    const cutoff = sql`((now() AT TIME ZONE 'UTC')::date - ${this.config.eventRetentionDays}::integer)`;
    const old = await this.db.execute<{ name: string }>(sql`
      SELECT c.relname AS name FROM pg_inherits i
      JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
      WHERE p.relname = 'events' AND c.relname ~ '^events_[0-9]{8}$'
        AND to_date(substring(c.relname from 8), 'YYYYMMDD') < ${cutoff}
        AND NOT EXISTS (
          SELECT 1 FROM archives a
          WHERE (a.retention_days = 0
                 OR to_date(substring(c.relname from 8), 'YYYYMMDD') >= (now() AT TIME ZONE 'UTC')::date - a.retention_days)
            AND EXISTS (
              SELECT 1 FROM archive_events ae
              WHERE ae.archive_id = a.id
                AND ae.event_received_at >= to_date(substring(c.relname from 8), 'YYYYMMDD')::timestamp AT TIME ZONE 'UTC'
                AND ae.event_received_at < (to_date(substring(c.relname from 8), 'YYYYMMDD') + 1)::timestamp AT TIME ZONE 'UTC'))`);
    for (const { name } of old.rows) {
      // Dropping is instant; a DELETE over a day of events would stall the database.
      const day = name.slice('events_'.length).replace(/[^0-9]/g, '');
      await this.db.execute(sql.raw(`DROP TABLE IF EXISTS "events_${day}", "archive_events_${day}"`));
    }
    await this.db.execute(sql`DELETE FROM event_dedup WHERE received_at < ${cutoff}`);
    const purged = await this.purgeDeliveries();
    return { created: Number(created.rows[0]?.n ?? 0), dropped: old.rows.map((r) => r.name), purged };
  }

  /**
   * Deletes the deliveries (and, by cascade, the attempts) of events whose day was dropped: a
   * delivery lives as long as its event. Event ids are UUIDv7s of the receipt time, so the days
   * without a partition before the retention cutoff are ranges of the deliveries' unique
   * (event_id, …) index; days kept for an archive are skipped, and so is a delivery whose event is
   * still there (one in the default partition). Batches keep each statement short; a run stops
   * after PURGE_BUDGET_MS and the next run goes on. Returns how many deliveries it deleted.
   */
  async purgeDeliveries(): Promise<number> {
    const kept = await this.db.execute<{ day: string }>(sql`
      SELECT to_char(to_date(substring(c.relname from 8), 'YYYYMMDD'), 'YYYY-MM-DD') AS day
      FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
      WHERE p.relname = 'events' AND c.relname ~ '^events_[0-9]{8}$'
      ORDER BY 1`);
    const cutoff = dayStart(Date.now() - this.config.eventRetentionDays * DAY_MS);
    const ranges: Array<[number, number]> = [];
    let from = 0;
    for (const { day } of kept.rows) {
      const start = Date.parse(`${day}T00:00:00Z`);
      if (start >= cutoff) break;
      if (from < start) ranges.push([from, start]);
      from = start + DAY_MS;
    }
    if (from < cutoff) ranges.push([from, cutoff]);
    const deadline = Date.now() + PURGE_BUDGET_MS;
    let purged = 0;
    for (const [lo, hi] of ranges)
      for (;;) {
        const res = await this.db.execute(sql`
          DELETE FROM deliveries WHERE id IN (
            SELECT d.id FROM deliveries d
            WHERE d.event_id >= ${uuidv7Floor(lo)}::uuid AND d.event_id < ${uuidv7Floor(hi)}::uuid
              AND NOT EXISTS (
                SELECT 1 FROM events e WHERE e.id = d.event_id AND e.received_at = d.event_received_at)
            LIMIT ${PURGE_BATCH})`);
        const n = res.rowCount ?? 0;
        purged += n;
        if (n < PURGE_BATCH) break;
        if (Date.now() > deadline) return purged;
      }
    if (purged > 0) this.logger.log(`purged ${purged} deliveries of events past retention`);
    return purged;
  }
}

const DAY_MS = 86_400_000;
/** Deliveries deleted per statement, and how long one run may keep deleting. */
const PURGE_BATCH = 5_000;
const PURGE_BUDGET_MS = 5 * 60_000;

const dayStart = (ms: number): number => Math.floor(ms / DAY_MS) * DAY_MS;

/** The smallest UUIDv7 of the millisecond `ms` (0: the smallest UUID). */
function uuidv7Floor(ms: number): string {
  if (ms <= 0) return '00000000-0000-0000-0000-000000000000';
  const hex = ms.toString(16).padStart(12, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7000-0000-000000000000`;
}
