import { Inject, Injectable } from '@nestjs/common';
import { sql } from 'drizzle-orm';
import type pg from 'pg';
import {
  type attempts,
  DATABASE,
  type Database,
  type DeadLetterAttributes,
  type DeliveryState,
  GroupCommit,
  type LastError,
  PG_POOL,
} from '#libs/db';
import { withReplayNameSql } from '#libs/domain';

// Takes a due delivery nobody holds and loads what its attempt needs. A replay's delivery carries
// `replay-name` in the envelope it sends (the event is stored once). Prepared once per connection;
// the event is found through its primary key (id and receipt time), in its own partition.
const CLAIM_SQL = `
WITH c AS (
  UPDATE deliveries SET lease_until = $1
  WHERE id = $2
    AND state IN ('pending', 'retrying')
    AND (lease_until IS NULL OR lease_until < now())
    -- A job may run a little early (clock skew between processes); never much earlier.
    AND next_attempt_at <= now() + interval '1 second'
  RETURNING *
)
SELECT c.id::text, c.event_id::text, c.event_received_at, c.account_id, c.target_pk::text, c.replay_name,
       c.ordering_key, c.attempts, c.retry_attempt_base, c.retry_window_start,
       t.target_id, t.type, t.config, t.secrets_enc, t.state AS target_state, r.name AS rule_name,
       b.name AS bus_name, ${withReplayNameSql('e.envelope', 'c.replay_name')} AS envelope
FROM c
LEFT JOIN targets t ON t.id = c.target_pk AND t.account_id = c.account_id
LEFT JOIN rules r ON r.id = t.rule_id
LEFT JOIN event_buses b ON b.id = r.bus_id
LEFT JOIN events e ON e.id = c.event_id AND e.received_at = c.event_received_at`;

// Finishes a batch of deliveries: records the attempts made and sets each delivery's next state.
// Per row: `keep_error` leaves last_error as it is; a null dead_letter leaves dead_letter as it is.
// `d.id = ANY($1)` makes the generic plan probe the primary key, whatever the planner thinks of the
// table's size.
const FINISH_SQL = `
WITH input AS (
  SELECT * FROM unnest($1::uuid[], $2::text[], $3::int[], $4::timestamptz[], $5::boolean[], $6::text[], $7::text[],
                       $8::int[], $9::timestamptz[], $10::int[], $11::text[], $12::int[], $13::text[], $14::text[])
    AS t(id, state, attempts, next_attempt_at, keep_error, last_error, dead_letter,
         attempt_no, started_at, duration_ms, outcome, status_code, error_code, error_message)
),
recorded AS (
  INSERT INTO attempts (delivery_id, attempt_no, started_at, duration_ms, outcome, status_code, error_code, error_message)
  SELECT id, attempt_no, started_at, duration_ms, outcome, status_code, error_code, error_message
  FROM input WHERE attempt_no IS NOT NULL
  ON CONFLICT DO NOTHING
)
UPDATE deliveries d SET
  state = i.state,
  attempts = coalesce(i.attempts, d.attempts),
  next_attempt_at = i.next_attempt_at,
  lease_until = NULL,
  last_error = CASE WHEN i.keep_error THEN d.last_error ELSE i.last_error::jsonb END,
  dead_letter = coalesce(i.dead_letter::jsonb, d.dead_letter),
  updated_at = now()
FROM input i
WHERE d.id = ANY($1::uuid[]) AND d.id = i.id`;

interface Finish {
  deliveryId: string;
  next: NextState;
  attempt?: typeof attempts.$inferInsert;
}

/** The fields of a claimed delivery that an attempt needs. */
export interface ClaimedDelivery {
  id: string;
  eventId: string;
  eventReceivedAt: Date;
  accountId: string;
  targetPk: string;
  /** '' for live traffic. With the event and the target, what makes the delivery unique. */
  replayName: string;
  orderingKey: string | null;
  attempts: number;
  retryAttemptBase: number;
  retryWindowStart: Date | null;
  /** Null when the target, its rule or the event is gone. */
  target: {
    targetId: string;
    type: string;
    config: Record<string, unknown>;
    secretsEnc: string | null;
    state: string;
    ruleName: string;
    busName: string;
  } | null;
  envelope: string | null;
}

export interface NextState {
  state: DeliveryState;
  attempts?: number;
  nextAttemptAt?: Date | null;
  lastError?: LastError | null;
  deadLetter?: DeadLetterAttributes | null;
}

type ClaimRow = {
  id: string;
  event_id: string;
  event_received_at: Date;
  account_id: string;
  target_pk: string;
  replay_name: string;
  ordering_key: string | null;
  attempts: number;
  retry_attempt_base: number;
  retry_window_start: Date | null;
  target_id: string | null;
  type: string | null;
  config: Record<string, unknown> | null;
  secrets_enc: string | null;
  target_state: string | null;
  rule_name: string | null;
  bus_name: string | null;
  envelope: string | null;
};

/**
 * The deliver path's SQL, one round trip per step: claiming a delivery returns everything the
 * attempt needs, and recording an attempt with the delivery's next state is one statement (so it
 * is atomic without an explicit transaction), shared by the deliveries that finish meanwhile.
 */
@Injectable()
export class DeliveryStore {
  private readonly finishes = new GroupCommit<Finish>((items) => this.finishMany(items), {
    maxBatch: 500,
    // One at a time: the finishes that come in meanwhile wait and go in the next statement together.
    maxInFlight: 1,
    // One delivery's two finishes (there should never be two) stay in order, in separate statements.
    key: (x) => x.deliveryId,
  });

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(PG_POOL) private readonly handle: { pool: pg.Pool },
  ) {}

  /** Takes the delivery if it is due and nobody holds it, and loads its target, rule, bus and event. */
  async claim(deliveryId: string, leaseUntil: Date): Promise<ClaimedDelivery | undefined> {
    const { rows } = await this.handle.pool.query<ClaimRow>({
      name: 'hookbridge_claim_delivery',
      text: CLAIM_SQL,
      values: [leaseUntil, deliveryId],
    });
    const r = rows[0];
    if (!r) return undefined;
    return {
      id: r.id,
      eventId: r.event_id,
      eventReceivedAt: new Date(r.event_received_at),
      accountId: r.account_id,
      targetPk: r.target_pk,
      replayName: r.replay_name,
      orderingKey: r.ordering_key,
      attempts: r.attempts,
      retryAttemptBase: r.retry_attempt_base,
      retryWindowStart: r.retry_window_start ? new Date(r.retry_window_start) : null,
      target:
        r.target_id && r.type && r.config && r.target_state && r.rule_name && r.bus_name
          ? {
              targetId: r.target_id,
              type: r.type,
              config: r.config,
              secretsEnc: r.secrets_enc,
              state: r.target_state,
              ruleName: r.rule_name,
              busName: r.bus_name,
            }
          : null,
      envelope: r.envelope,
    };
  }

  /**
   * Records the attempt (if any) and the delivery's next state; frees the lease. Concurrent calls
   * are committed together, in one statement (see FINISH_SQL).
   */
  finish(deliveryId: string, next: NextState, attempt?: typeof attempts.$inferInsert): Promise<void> {
    return this.finishes.submit({ deliveryId, next, attempt });
  }

  private async finishMany(items: Finish[]): Promise<void> {
    const col = <V>(f: (x: Finish) => V): V[] => items.map(f);
    const terminal = (n: NextState) =>
      n.state === 'succeeded' || n.state === 'dead_letter' || n.state === 'skipped';
    await this.handle.pool.query({
      name: 'hookbridge_finish_deliveries',
      text: FINISH_SQL,
      values: [
        col((x) => x.deliveryId),
        col((x) => x.next.state),
        col((x) => x.next.attempts ?? null),
        col((x) => (terminal(x.next) ? null : (x.next.nextAttemptAt ?? null))),
        col((x) => x.next.lastError === undefined),
        col((x) => (x.next.lastError ? JSON.stringify(x.next.lastError) : null)),
        col((x) => (x.next.deadLetter ? JSON.stringify(x.next.deadLetter) : null)),
        col((x) => x.attempt?.attemptNo ?? null),
        col((x) => x.attempt?.startedAt ?? null),
        col((x) => x.attempt?.durationMs ?? null),
        col((x) => x.attempt?.outcome ?? null),
        col((x) => x.attempt?.statusCode ?? null),
        col((x) => x.attempt?.errorCode ?? null),
        col((x) => x.attempt?.errorMessage ?? null),
      ],
    });
  }

  /** Releases the lease of a parked delivery; `until` records when it is due again (or keeps it due). */
  async park(deliveryId: string, until?: Date): Promise<void> {
    await this.db.execute(sql`
      UPDATE deliveries SET lease_until = NULL, updated_at = now()
        ${until ? sql`, next_attempt_at = ${until}` : sql``}
      WHERE id = ${deliveryId} AND state IN ('pending', 'retrying')`);
  }

  async disableTarget(targetPk: string, reason: string): Promise<void> {
    await this.db.execute(
      sql`UPDATE targets SET state = 'DISABLED', disabled_reason = ${reason}, updated_at = now() WHERE id = ${targetPk}`,
    );
  }
}
