import { Inject, Injectable } from '@nestjs/common';
import { PG_POOL, type replays } from '#libs/db';
import { RETAINED_SQL } from '#libs/domain';
import type pg from 'pg';

export type ReplayRow = typeof replays.$inferSelect;

export interface ArchivedEvent {
  eventId: string;
  receivedAt: Date;
  eventTime: Date;
  envelope: string | null;
}

export interface ReplayDeliveryRow {
  id: string;
  eventId: string;
  eventReceivedAt: Date;
  busId: string;
  ruleId: string;
  targetPk: string;
  orderingKey: string | null;
  state: 'pending' | 'skipped';
  lastError: string | null;
}

/** The SQL of a replay slice: read the next events after the cursor, commit a slice atomically. */
@Injectable()
export class ReplaySliceStore {
  constructor(@Inject(PG_POOL) private readonly handle: { pool: pg.Pool }) {}

  /** The next `limit` archived events of the window after the cursor, in event-time order. */
  async nextEvents(r: ReplayRow, limit: number): Promise<ArchivedEvent[]> {
    const { rows } = await this.handle.pool.query<{
      event_id: string;
      event_received_at: Date;
      event_time: Date;
      envelope: string | null;
    }>(
      `SELECT ae.event_id::text, ae.event_received_at, ae.event_time, e.envelope
       FROM archive_events ae
       JOIN archives a ON a.id = ae.archive_id
       JOIN events e ON e.id = ae.event_id AND e.received_at = ae.event_received_at
       WHERE ae.archive_id = $1 AND ae.event_time >= $2 AND ae.event_time < $3 AND ${RETAINED_SQL}
         AND ($4::timestamptz IS NULL OR (ae.event_time, ae.event_id) > ($4, $5::uuid))
       ORDER BY ae.event_time, ae.event_id
       LIMIT $6`,
      [r.archiveId, r.eventStartTime, r.eventEndTime, r.cursorTime, r.cursorEventId, limit],
    );
    return rows.map((x) => ({
      eventId: x.event_id,
      receivedAt: x.event_received_at,
      eventTime: x.event_time,
      envelope: x.envelope,
    }));
  }

  /**
   * In one transaction: advance the cursor (only if no other run advanced it since `r` was read),
   * insert the slice's deliveries (unique per event, target and replay) and count them. Undefined
   * when another run got there first; nothing is then written. A replayed event is put on the bus
   * anew, so its deliveries' event-age window starts now: measured from the original receipt, an
   * event older than the target's maximumEventAgeInSeconds would dead-letter at its first failure.
   */
  async commitSlice(
    r: ReplayRow,
    slice: { last: ArchivedEvent; count: number; finished: boolean },
    rows: readonly ReplayDeliveryRow[],
  ): Promise<Array<{ id: string; target_pk: string; state: string }> | undefined> {
    const client = await this.handle.pool.connect();
    try {
      await client.query('BEGIN');
      const advanced = await client.query(
        `UPDATE replays SET cursor_time = $3, cursor_event_id = $4, events_replayed = events_replayed + $5,
           slices_done = slices_done + 1, state = CASE WHEN $6 THEN 'COMPLETED' ELSE 'RUNNING' END,
           replay_start_time = coalesce(replay_start_time, now()),
           replay_end_time = CASE WHEN $6 THEN now() END, updated_at = now()
         WHERE id = $1 AND slices_done = $2 AND state IN ('STARTING', 'RUNNING')`,
        [r.id, r.slicesDone, slice.last.eventTime, slice.last.eventId, slice.count, slice.finished],
      );
      if (advanced.rowCount !== 1) {
        await client.query('ROLLBACK');
        return undefined;
      }
      const col = <T>(f: (d: ReplayDeliveryRow) => T): T[] => rows.map(f);
      const { rows: inserted } = await client.query<{ id: string; target_pk: string; state: string }>(
        `INSERT INTO deliveries (id, event_id, event_received_at, account_id, bus_id, rule_id, target_pk, ordering_key,
                                 replay_name, state, next_attempt_at, last_error, retry_window_start)
         SELECT d.id, d.event_id, d.event_received_at, $1, d.bus_id, d.rule_id, d.target_pk, d.ordering_key, $2,
                d.state, CASE WHEN d.state = 'pending' THEN now() END, d.last_error::jsonb, now()
         FROM unnest($3::uuid[], $4::uuid[], $5::timestamptz[], $6::uuid[], $7::uuid[], $8::uuid[], $9::text[], $10::text[], $11::text[])
           AS d(id, event_id, event_received_at, bus_id, rule_id, target_pk, ordering_key, state, last_error)
         ON CONFLICT DO NOTHING
         RETURNING id::text, target_pk::text, state`,
        [
          r.accountId,
          r.name,
          col((d) => d.id),
          col((d) => d.eventId),
          col((d) => d.eventReceivedAt),
          col((d) => d.busId),
          col((d) => d.ruleId),
          col((d) => d.targetPk),
          col((d) => d.orderingKey),
          col((d) => d.state),
          col((d) => d.lastError),
        ],
      );
      await client.query('UPDATE replays SET deliveries_created = deliveries_created + $2 WHERE id = $1', [
        r.id,
        inserted.length,
      ]);
      await client.query('COMMIT');
      return inserted;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  /** An empty remainder: STARTING/RUNNING → COMPLETED. CANCELLING → CANCELLED. Or FAILED with a reason. */
  async finish(r: ReplayRow, state: 'COMPLETED' | 'CANCELLED' | 'FAILED', reason?: string): Promise<boolean> {
    const from = state === 'CANCELLED' ? ['CANCELLING'] : ['STARTING', 'RUNNING', 'CANCELLING'];
    const res = await this.handle.pool.query(
      `UPDATE replays SET state = $2, state_reason = $3, replay_end_time = now(), updated_at = now(),
         replay_start_time = coalesce(replay_start_time, now())
       WHERE id = $1 AND state = ANY($4::text[])`,
      [r.id, state, reason ?? null, from],
    );
    return res.rowCount === 1;
  }
}
