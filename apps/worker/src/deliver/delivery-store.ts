import { Inject, Injectable } from '@nestjs/common';
import { sql } from 'drizzle-orm';
import {
  type attempts,
  DATABASE,
  type Database,
  type DeadLetterAttributes,
  type DeliveryState,
  type LastError,
} from '#libs/db';
import { withReplayNameSql } from '#libs/domain';

// A replay's delivery carries `replay-name` in the envelope it sends (the event is stored once).
const REPLAY_ENVELOPE = sql.raw(withReplayNameSql('e.envelope', 'c.replay_name'));

/** The fields of a claimed delivery that an attempt needs. */
export interface ClaimedDelivery {
  id: string;
  eventId: string;
  eventReceivedAt: Date;
  accountId: string;
  targetPk: string;
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
 * is atomic without an explicit transaction).
 */
@Injectable()
export class DeliveryStore {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /** Takes the delivery if it is due and nobody holds it, and loads its target, rule, bus and event. */
  async claim(deliveryId: string, leaseUntil: Date): Promise<ClaimedDelivery | undefined> {
    const { rows } = await this.db.execute<ClaimRow>(sql`
      WITH c AS (
        UPDATE deliveries SET lease_until = ${leaseUntil}
        WHERE id = ${deliveryId}
          AND state IN ('pending', 'retrying')
          AND (lease_until IS NULL OR lease_until < now())
          -- A job may run a little early (clock skew between processes); never much earlier.
          AND next_attempt_at <= now() + interval '1 second'
        RETURNING *
      )
      SELECT c.id::text, c.event_id::text, c.event_received_at, c.account_id, c.target_pk::text, c.ordering_key,
             c.attempts, c.retry_attempt_base, c.retry_window_start,
             t.target_id, t.type, t.config, t.secrets_enc, t.state AS target_state, r.name AS rule_name,
             b.name AS bus_name, ${REPLAY_ENVELOPE} AS envelope
      FROM c
      LEFT JOIN targets t ON t.id = c.target_pk AND t.account_id = c.account_id
      LEFT JOIN rules r ON r.id = t.rule_id
      LEFT JOIN event_buses b ON b.id = r.bus_id
      LEFT JOIN events e ON e.id = c.event_id AND e.received_at = c.event_received_at`);
    const r = rows[0];
    if (!r) return undefined;
    return {
      id: r.id,
      eventId: r.event_id,
      eventReceivedAt: new Date(r.event_received_at),
      accountId: r.account_id,
      targetPk: r.target_pk,
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

  /** Records the attempt (if any) and the delivery's next state in one statement; frees the lease. */
  async finish(deliveryId: string, next: NextState, attempt?: typeof attempts.$inferInsert): Promise<void> {
    const terminal = next.state === 'succeeded' || next.state === 'dead_letter' || next.state === 'skipped';
    const update = sql`
      UPDATE deliveries SET
        state = ${next.state},
        attempts = coalesce(${next.attempts ?? null}::integer, attempts),
        next_attempt_at = ${terminal ? null : (next.nextAttemptAt ?? null)},
        lease_until = NULL,
        last_error = ${next.lastError === undefined ? sql`last_error` : sql`${next.lastError === null ? null : JSON.stringify(next.lastError)}::jsonb`},
        dead_letter = ${next.deadLetter ? sql`${JSON.stringify(next.deadLetter)}::jsonb` : sql`dead_letter`},
        updated_at = now()
      WHERE id = ${deliveryId}`;
    if (!attempt) {
      await this.db.execute(update);
      return;
    }
    await this.db.execute(sql`
      WITH a AS (
        INSERT INTO attempts (delivery_id, attempt_no, started_at, duration_ms, outcome, status_code, error_code, error_message)
        VALUES (${attempt.deliveryId}, ${attempt.attemptNo}, ${attempt.startedAt}, ${attempt.durationMs}, ${attempt.outcome},
                ${attempt.statusCode ?? null}, ${attempt.errorCode ?? null}, ${attempt.errorMessage ?? null})
        ON CONFLICT DO NOTHING
      )
      ${update}`);
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
