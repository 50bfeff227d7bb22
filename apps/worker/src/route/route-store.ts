import { Inject, Injectable } from '@nestjs/common';
import { and, eq, inArray } from 'drizzle-orm';
import type pg from 'pg';
import { DATABASE, type Database, type EventState, events, PG_POOL } from '#libs/db';
import type { TargetRow } from '#libs/domain';
import { uuidv7Time } from '#libs/security';
import type { CarriedEvent } from '#libs/queue';
import type { AttemptRow } from '../deliver/delivery-calls.js';

export type LoadedEvent = {
  event: typeof events.$inferSelect;
  source: { state: string; name: string; scheme: string; options: Record<string, unknown> } | null;
};

/** One delivery routing creates. */
export type DeliveryRow = {
  id: string;
  ruleId: string;
  ruleName: string;
  target: TargetRow;
  orderingKey: string | null;
  state: 'pending' | 'skipped';
  lastError: { code: string; message: string } | null;
};

/** What routing one event commits. */
export type Plan = {
  eventId: string;
  receivedAt: Date;
  accountId: string;
  busId: string;
  busName: string;
  envelope: string;
  detailType: string | null;
  eventTime: Date | null;
  matchedRules: number;
  rows: DeliveryRow[];
  /** Per row: leased to this worker until then (first attempt inline), or null (a deliver job). */
  leases: Array<Date | null>;
  archiveIds: readonly string[];
  /** Where its deliveries' event-age window starts when not at receipt: a held event's release. */
  retryWindowStart: Date | null;
};

// Routes a batch in one statement: the events still waiting are marked routed, and only for those
// are the deliveries and archive memberships inserted, with the successful first attempts made
// before the statement was sent (see EarlyOutcomes): such a delivery is inserted as succeeded, and
// its attempt row only if the delivery was. Returns the routed event ids and the ids of the
// deliveries inserted.
//
// Written for its generic plan (it is prepared once per connection): `id = ANY` with the batch's
// time range lets PostgreSQL prune to the day's partition at execution and probe its primary key.
// The state test is written as NOT IN the other two states (the same thing, by the table's CHECK)
// so that the partial index of waiting events is not usable: with it, the planner scanned every
// waiting event on each call, a cost that grew with the backlog. An event of a source is routed only
// while the source is ACTIVE: routing may have planned it from its route job (see CarriedEvent),
// without reading the source. That test is a scalar subquery, a probe of the source's primary key
// per event: as EXISTS, the generic plan could hash every ACTIVE source on each call instead.
const ROUTE_SQL = `
WITH ev AS (
  SELECT * FROM ROWS FROM (unnest($1::uuid[]), unnest($2::timestamptz[]), json_array_elements_text($3::json),
                           unnest($4::text[]), unnest($5::timestamptz[]), unnest($6::int[]))
    AS t(id, received_at, envelope, detail_type, event_time, matched_rules)
),
upd AS (
  UPDATE events e SET state = 'routed', envelope = ev.envelope, detail_type = ev.detail_type,
         event_time = ev.event_time, matched_rules = ev.matched_rules, routed_at = least(now(), $25::timestamptz)
  FROM ev
  WHERE e.id = ANY($1::uuid[]) AND e.received_at BETWEEN $18 AND $19
    AND e.id = ev.id AND e.received_at = ev.received_at AND e.state NOT IN ('routed', 'expired')
    AND (e.source_id IS NULL
         OR (SELECT s.state FROM partner_event_sources s WHERE s.id = e.source_id) = 'ACTIVE')
  RETURNING e.id, e.received_at, e.account_id, e.event_time, octet_length(e.envelope) AS size_bytes
),
ins AS (
  INSERT INTO deliveries (id, event_id, event_received_at, account_id, bus_id, rule_id, target_pk, ordering_key,
                          state, attempts, next_attempt_at, last_error, lease_until, retry_window_start, created_at)
  SELECT d.id, upd.id, upd.received_at, upd.account_id, d.bus_id, d.rule_id, d.target_pk, d.ordering_key, d.state,
         CASE WHEN d.state = 'succeeded' THEN 1 ELSE 0 END, CASE WHEN d.state = 'pending' THEN now() END,
         d.last_error::jsonb, d.lease_until, d.retry_window_start,
         greatest(upd.received_at, least(now(), $25::timestamptz))
  FROM unnest($7::uuid[], $8::uuid[], $9::uuid[], $10::uuid[], $11::uuid[], $12::text[], $13::text[], $14::text[],
              $15::timestamptz[], $20::timestamptz[])
    AS d(event_id, id, bus_id, rule_id, target_pk, ordering_key, state, last_error, lease_until, retry_window_start)
  JOIN upd ON upd.id = d.event_id
  ON CONFLICT DO NOTHING
  RETURNING id
),
att AS (
  INSERT INTO attempts (delivery_id, attempt_no, started_at, duration_ms, outcome, status_code)
  SELECT a.id, 1, a.started_at, a.duration_ms, 'succeeded', a.status_code
  FROM unnest($21::uuid[], $22::timestamptz[], $23::int[], $24::int[]) AS a(id, started_at, duration_ms, status_code)
  JOIN ins ON ins.id = a.id
  ON CONFLICT DO NOTHING
),
arc AS (
  INSERT INTO archive_events (archive_id, event_id, event_received_at, event_time, size_bytes)
  SELECT a.archive_id, upd.id, upd.received_at, coalesce(upd.event_time, upd.received_at), upd.size_bytes
  FROM unnest($16::uuid[], $17::uuid[]) AS a(event_id, archive_id)
  JOIN upd ON upd.id = a.event_id
  ON CONFLICT DO NOTHING
)
SELECT (SELECT coalesce(array_agg(id::text), '{}') FROM upd) AS routed,
       (SELECT coalesce(array_agg(id::text), '{}') FROM ins) AS inserted`;

// A batch of events with their sources; prepared, pruned to the batch's partitions like ROUTE_SQL.
const LOAD_SQL = `
SELECT e.id::text, e.received_at, e.account_id, e.source_id::text, e.source_name, e.bus_name, e.state, e.dedup_key,
       e.raw_body, e.headers, e.detail_type, e.event_time, e.envelope, e.matched_rules, e.routed_at,
       s.state AS s_state, s.name AS s_name, s.scheme AS s_scheme, s.options AS s_options
FROM events e
LEFT JOIN partner_event_sources s ON s.id = e.source_id
WHERE e.id = ANY($1::uuid[]) AND e.received_at BETWEEN $2 AND $3`;

type LoadRow = {
  id: string;
  received_at: Date;
  account_id: string;
  source_id: string | null;
  source_name: string;
  bus_name: string | null;
  state: EventState;
  dedup_key: string;
  raw_body: Buffer;
  headers: Record<string, string>;
  detail_type: string | null;
  event_time: Date | null;
  envelope: string | null;
  matched_rules: number | null;
  routed_at: Date | null;
  s_state: string | null;
  s_name: string | null;
  s_scheme: string | null;
  s_options: Record<string, unknown> | null;
};

/** The earliest and latest of some times (a batch's receipt times, for partition pruning). */
function timeRange(times: readonly Date[]): [Date, Date] {
  const ms = times.map((t) => t.getTime());
  return [new Date(Math.min(...ms)), new Date(Math.max(...ms))];
}

/** Routing's SQL: one read for a batch of events, one statement to commit their routing. */
@Injectable()
export class RouteStore {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(PG_POOL) private readonly handle: { pool: pg.Pool },
  ) {}

  /** The events and their sources, in one round trip. */
  async load(eventIds: readonly string[]): Promise<Map<string, LoadedEvent>> {
    if (eventIds.length === 0) return new Map();
    // received_at, derived from each UUIDv7, lets PostgreSQL look in the right partitions only.
    const [from, to] = timeRange(eventIds.map(uuidv7Time));
    const { rows } = await this.handle.pool.query<LoadRow>({
      name: 'hookbridge_load_events',
      text: LOAD_SQL,
      values: [eventIds, from, to],
    });
    return new Map(
      rows.map((r) => [
        r.id,
        {
          event: {
            id: r.id,
            receivedAt: r.received_at,
            accountId: r.account_id,
            sourceId: r.source_id,
            sourceName: r.source_name,
            busName: r.bus_name,
            state: r.state,
            dedupKey: r.dedup_key,
            rawBody: r.raw_body,
            headers: r.headers,
            detailType: r.detail_type,
            eventTime: r.event_time,
            envelope: r.envelope,
            matchedRules: r.matched_rules,
            routedAt: r.routed_at,
          },
          source:
            r.s_state === null
              ? null
              : {
                  state: r.s_state,
                  name: r.s_name as string,
                  scheme: r.s_scheme as string,
                  options: r.s_options ?? {},
                },
        },
      ]),
    );
  }

  /**
   * Marks the events routed and inserts their deliveries and archive memberships in one statement
   * (atomic without an explicit transaction). An event another run routed first is left out. A
   * crash after this commit leaves the deliveries pending and due (or leased until their lease runs
   * out), so the sweeper enqueues them. `succeeded` are first attempts already made, by delivery:
   * those deliveries are inserted as succeeded, with their attempt. `decidedAt` (the worker's clock,
   * before any first attempt began) bounds the events' routed_at and the deliveries' created_at, so
   * a trace never shows an attempt that starts before its delivery existed (the statement commits later).
   */
  async commit(
    plans: readonly Plan[],
    succeeded: ReadonlyMap<string, AttemptRow> = new Map(),
    decidedAt: Date = new Date(),
  ): Promise<{ events: Set<string>; deliveries: Set<string> }> {
    if (plans.length === 0) return { events: new Set(), deliveries: new Set() };
    const deliveries = plans.flatMap((p) =>
      p.rows.map((r, i) =>
        succeeded.has(r.id)
          ? { p, r, state: 'succeeded', lease: null }
          : { p, r, state: r.state, lease: p.leases[i] ?? null },
      ),
    );
    const done = [...succeeded.values()];
    const archived = plans.flatMap((p) => p.archiveIds.map((a) => ({ p, a })));
    const { rows: out } = await this.handle.pool.query<{ routed: string[]; inserted: string[] }>({
      name: 'hookbridge_route_events',
      text: ROUTE_SQL,
      values: [
        plans.map((p) => p.eventId),
        plans.map((p) => p.receivedAt),
        // One JSON array: node-postgres writes a text[] as an escaped array literal (see packBytes).
        JSON.stringify(plans.map((p) => p.envelope)),
        plans.map((p) => p.detailType),
        plans.map((p) => p.eventTime),
        plans.map((p) => p.matchedRules),
        deliveries.map((d) => d.p.eventId),
        deliveries.map((d) => d.r.id),
        deliveries.map((d) => d.p.busId),
        deliveries.map((d) => d.r.ruleId),
        deliveries.map((d) => d.r.target.id),
        deliveries.map((d) => d.r.orderingKey),
        deliveries.map((d) => d.state),
        deliveries.map((d) => (d.r.lastError ? JSON.stringify(d.r.lastError) : null)),
        deliveries.map((d) => d.lease),
        archived.map((x) => x.p.eventId),
        archived.map((x) => x.a),
        ...timeRange(plans.map((p) => p.receivedAt)),
        deliveries.map((d) => d.p.retryWindowStart),
        done.map((a) => a.deliveryId),
        done.map((a) => a.startedAt),
        done.map((a) => a.durationMs),
        done.map((a) => a.statusCode ?? null),
        decidedAt,
      ],
    });
    return { events: new Set(out[0]?.routed ?? []), deliveries: new Set(out[0]?.inserted ?? []) };
  }

  /** Records that an event waits (held) or will not be routed (expired), unless it moved on. */
  async setWaiting(id: string, receivedAt: Date, state: 'held' | 'expired'): Promise<void> {
    await this.db
      .update(events)
      .set({ state })
      .where(
        and(
          eq(events.id, id),
          eq(events.receivedAt, receivedAt),
          inArray(events.state, ['received', 'held']),
        ),
      );
  }
}

/**
 * A carried event as if it had been read (see CarriedEvent): waiting to be routed, and its source
 * ACTIVE as when the webhook was accepted, which the routing statement checks again.
 */
export function loadedFromJob(c: CarriedEvent): LoadedEvent {
  return {
    event: {
      id: c.id,
      receivedAt: uuidv7Time(c.id),
      accountId: c.accountId,
      sourceId: c.sourceId,
      sourceName: c.sourceName,
      busName: c.busName,
      state: 'received',
      dedupKey: '',
      rawBody: c.rawBody === undefined ? Buffer.from(c.envelope ?? '') : Buffer.from(c.rawBody, 'base64'),
      headers: c.headers,
      detailType: c.detailType,
      eventTime: c.eventTime === null ? null : new Date(c.eventTime),
      envelope: c.envelope,
      matchedRules: null,
      routedAt: null,
    },
    source:
      c.sourceId === null
        ? null
        : { state: 'ACTIVE', name: c.sourceName, scheme: c.scheme as string, options: c.options ?? {} },
  };
}
