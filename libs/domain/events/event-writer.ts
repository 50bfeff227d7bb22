import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type pg from 'pg';
import { GroupCommit, packBytes, PG_POOL } from '#libs/db';
import { metrics } from '#libs/observability';
import { type CarriedEvent, QueueProducer } from '#libs/queue';

/** An event ready to be committed. */
export interface NewEvent {
  id: string;
  receivedAt: Date;
  accountId: string;
  sourceId: string | null;
  sourceName: string;
  busName: string | null;
  /**
   * Null: no dedup (API-put events, like AWS Classic PutEvents). Keys are scoped to the source; an
   * event without one (a bus hop) has a scope of its own, shared with no source (SOURCELESS_SCOPE).
   */
  dedupKey: string | null;
  rawBody: Buffer;
  headers: Record<string, string>;
  detailType: string | null;
  eventTime: Date | null;
  envelope: string | null;
  /**
   * For a webhook of an ACTIVE source: its verification scheme and options, which its route job
   * carries with the event (see CarriedEvent). Without it, an event of a source is routed by id.
   */
  routing?: { scheme: string; options: Record<string, unknown> };
}

export interface WriteResult {
  eventId: string;
  duplicate: boolean;
}

/**
 * The event_dedup scope of events without a source: its source_id is part of the primary key, so it
 * cannot be null, and no source has the nil UUID (source ids are random version-4 UUIDs). Their keys
 * thus never meet a webhook's, whatever its provider's delivery ids look like.
 */
const SOURCELESS_SCOPE = `'00000000-0000-0000-0000-000000000000'::uuid`;

const MAX_BATCH = 500;
/**
 * How long a route-job add waits for the adds of the next commits to join it. Each route job costs
 * the worker a job fetch, a read and a routing statement whatever its size, so at moderate rates
 * (a few events per commit) 2 ms of latency buy route jobs several times larger. The wait ends
 * sooner once no insert is under way (see commit()): at 1 000/s that cut the end-to-end p50 by about
 * a millisecond for 3 % more CPU per event.
 */
const ROUTE_ADD_LINGER_MS = 2;
/**
 * An add lingers only while webhooks come in less than this far apart on average (250/s and more).
 * More slowly, another commit seldom finishes within the linger, which would then only delay
 * delivery: at 100 webhooks/s the end-to-end p50 was 11.6 ms with it and 8.8 ms without.
 */
const ROUTE_ADD_LINGER_BELOW_GAP_MS = 4;
// Two commits at a time: with more, the extra PostgreSQL backends competing for the two cores
// lengthened the 202's tail at a steady 1 000/s (p99 41 ms with 4, 31 ms with 2 or 1) for no
// throughput (3 100–3 300/s at saturation with 1, 2 or 4).
const MAX_IN_FLIGHT = 2;

// One statement per batch: dedup rows are claimed first; only events whose claim succeeded (or that
// need no dedup) are inserted. The final SELECT reports, per input row, whether it was inserted and
// which event already owned its dedup key. That lookup is a subquery run only for the rows not
// inserted, by primary key: as a join, the planner's generic plan hashed all of event_dedup on every
// commit, a cost that grew with the table (it was most of PostgreSQL's CPU at ingest saturation).
const INSERT_SQL = `
WITH input AS (
  SELECT id, received_at, account_id, source_id, source_name, bus_name, dedup_key,
         substring($8::bytea FROM body_start FOR body_length) AS raw_body, headers, detail_type, event_time, envelope
  FROM ROWS FROM (unnest($1::uuid[]), unnest($2::timestamptz[]), unnest($3::text[]), unnest($4::uuid[]),
                  unnest($5::text[]), unnest($6::text[]), unnest($7::text[]), unnest($13::int[]), unnest($14::int[]),
                  json_array_elements($9::json), unnest($10::text[]), unnest($11::timestamptz[]),
                  json_array_elements_text($12::json))
    AS t(id, received_at, account_id, source_id, source_name, bus_name, dedup_key, body_start, body_length, headers,
         detail_type, event_time, envelope)
),
claimed AS (
  INSERT INTO event_dedup (source_id, dedup_key, event_id, received_at)
  SELECT coalesce(source_id, ${SOURCELESS_SCOPE}), dedup_key, id, received_at FROM input WHERE dedup_key IS NOT NULL
  ON CONFLICT DO NOTHING
  RETURNING event_id
),
inserted AS (
  INSERT INTO events (id, received_at, account_id, source_id, source_name, bus_name, state, dedup_key, raw_body,
                      headers, detail_type, event_time, envelope)
  SELECT id, received_at, account_id, source_id, source_name, bus_name, 'received', coalesce(dedup_key, id::text),
         raw_body, headers::jsonb, detail_type, event_time, envelope
  FROM input WHERE dedup_key IS NULL OR id IN (SELECT event_id FROM claimed)
  RETURNING id
)
SELECT i.id::text AS id, (ins.id IS NOT NULL) AS inserted,
       CASE WHEN ins.id IS NULL AND i.dedup_key IS NOT NULL THEN
         (SELECT d.event_id::text FROM event_dedup d
          WHERE d.source_id = coalesce(i.source_id, ${SOURCELESS_SCOPE}) AND d.dedup_key = i.dedup_key)
       END AS existing_id
FROM input i
LEFT JOIN inserted ins ON ins.id = i.id`;

/**
 * Group commit for events: concurrent writes are gathered while a commit is in flight and written
 * together in one multi-row statement, so the commit cost is shared. A write resolves only after
 * its row is committed; the route jobs are then added in bulk (a lost add is repaired by the sweeper).
 */
@Injectable()
export class EventWriter implements OnApplicationShutdown {
  private readonly logger = new Logger(EventWriter.name);
  private readonly commits = new GroupCommit<NewEvent, WriteResult>(
    (events, answer) => this.commit(events, answer),
    {
      maxBatch: MAX_BATCH,
      maxInFlight: MAX_IN_FLIGHT,
    },
  );
  /** Exponential moving average of commit latency, in ms. */
  private commitMs = 0;
  /** Mean gap between writes, in ms (an exponential moving average; a gap counts at most 1 s). */
  private arrivalGapMs = 1_000;
  private lastWriteAt = Number.NEGATIVE_INFINITY;
  /** Commits whose insert is under way (the route adds of their events may still join a linger). */
  private inserting = 0;
  /**
   * Route-job adds of commits that finish while one is on its way to Redis go together: fewer,
   * larger route jobs, so fewer jobs for the workers to take and fewer statements to route them.
   */
  private readonly routeAdds = new GroupCommit<readonly NewEvent[]>(
    (lists) => {
      const fresh = lists.flat();
      const carried = new Map<string, CarriedEvent>();
      for (const e of fresh) {
        const c = carriedEvent(e);
        if (c) carried.set(e.id, c);
      }
      return this.producer.routeEvents(
        fresh.map((e) => e.id),
        carried,
      );
    },
    {
      maxBatch: 100,
      maxInFlight: 1,
      lingerMs: () => (this.arrivalGapMs < ROUTE_ADD_LINGER_BELOW_GAP_MS ? ROUTE_ADD_LINGER_MS : 0),
    },
  );

  constructor(
    @Inject(PG_POOL) private readonly handle: { pool: pg.Pool },
    private readonly producer: QueueProducer,
  ) {}

  /** Commits one event (deduplicated when it has a dedup key). */
  write(event: NewEvent): Promise<WriteResult> {
    const now = performance.now();
    this.arrivalGapMs = this.arrivalGapMs * 0.9 + Math.min(now - this.lastWriteAt, 1_000) * 0.1;
    this.lastWriteAt = now;
    return this.commits.submit(event);
  }

  /** How many events wait for a commit slot (for backpressure). */
  get backlog(): number {
    return this.commits.waiting;
  }

  /**
   * Whether new writes should be refused for now: too many events already wait for a commit, or
   * commits have become slow (a moving average). Shedding load with 429 keeps memory bounded and
   * tells senders to come back, instead of letting every request time out.
   */
  overloaded(maxBacklog: number, maxCommitMs: number): boolean {
    return this.commits.waiting >= maxBacklog || this.commitMs > maxCommitMs;
  }

  /** Waits for the commits under way and then for their route jobs' adds. */
  async onApplicationShutdown(): Promise<void> {
    await this.commits.idle();
    await this.routeAdds.idle();
  }

  /**
   * One group commit. Its writes are answered as soon as the rows are committed; the commit keeps
   * its place in flight while the route job for its new events is added, so the next commit gathers
   * the writes that arrive meanwhile (a lost add is repaired by the sweeper).
   */
  private async commit(events: NewEvent[], answer: (results: WriteResult[]) => void): Promise<void> {
    metrics.commitBatchSize.observe(events.length);
    const started = performance.now();
    let results: WriteResult[];
    this.inserting++;
    try {
      results = await this.insert(events);
    } finally {
      this.inserting--;
    }
    this.commitMs = this.commitMs * 0.8 + (performance.now() - started) * 0.2;
    answer(results);
    const fresh = events.filter((_, i) => results[i]?.duplicate === false);
    if (fresh.length === 0) return;
    const added = this.routeAdds.submit(fresh);
    // With no other insert under way, few commits could join this add within the linger: it goes now.
    if (this.inserting === 0) this.routeAdds.flushNow();
    await added.catch((err: Error) =>
      this.logger.warn(`route jobs for ${fresh.length} events left to the sweeper: ${err.message}`),
    );
  }

  private async insert(events: NewEvent[]): Promise<WriteResult[]> {
    const col = <T>(f: (e: NewEvent) => T): T[] => events.map(f);
    const bodies = packBytes(col((e) => e.rawBody));
    const { rows } = await this.handle.pool.query<{
      id: string;
      inserted: boolean;
      existing_id: string | null;
    }>({
      // A named statement is parsed and planned once per connection, not on every commit.
      name: 'hookbridge_insert_events',
      text: INSERT_SQL,
      values: [
        col((e) => e.id),
        col((e) => e.receivedAt),
        col((e) => e.accountId),
        col((e) => e.sourceId),
        col((e) => e.sourceName),
        col((e) => e.busName),
        col((e) => e.dedupKey),
        bodies.bytes,
        JSON.stringify(col((e) => e.headers)),
        col((e) => e.detailType),
        col((e) => e.eventTime),
        JSON.stringify(col((e) => e.envelope)),
        bodies.starts,
        bodies.lengths,
      ],
    });
    const byId = new Map(rows.map((r) => [r.id, r]));
    // A key first claimed by another row of this same batch is not visible to the statement's own
    // snapshot; resolve it from the batch itself.
    const claimedInBatch = new Map<string, string>();
    for (const e of events)
      if (e.dedupKey !== null && byId.get(e.id)?.inserted)
        claimedInBatch.set(`${e.sourceId}\n${e.dedupKey}`, e.id);
    const results: WriteResult[] = [];
    const unresolved: number[] = [];
    for (const [i, e] of events.entries()) {
      const row = byId.get(e.id);
      if (row?.inserted) results.push({ eventId: e.id, duplicate: false });
      else {
        const original = row?.existing_id ?? claimedInBatch.get(`${e.sourceId}\n${e.dedupKey}`);
        if (!original) unresolved.push(i);
        results.push({ eventId: original ?? '', duplicate: true });
      }
    }
    // Claimed by a concurrent batch that committed after this statement's snapshot: look it up now.
    for (const i of unresolved) {
      const e = events[i] as NewEvent;
      const { rows: found } = await this.handle.pool.query<{ event_id: string }>(
        `SELECT event_id::text FROM event_dedup
          WHERE source_id = coalesce($1::uuid, ${SOURCELESS_SCOPE}) AND dedup_key = $2`,
        [e.sourceId, e.dedupKey],
      );
      const original = found[0]?.event_id;
      if (!original) throw new Error(`event ${e.id} was neither inserted nor deduplicated`);
      results[i] = { eventId: original, duplicate: true };
    }
    return results;
  }
}

/** What an event's route job carries of it, or undefined to route it by id (see CarriedEvent). */
function carriedEvent(e: NewEvent): CarriedEvent | undefined {
  if (e.sourceId !== null && !e.routing) return undefined;
  return {
    id: e.id,
    accountId: e.accountId,
    sourceId: e.sourceId,
    sourceName: e.sourceName,
    busName: e.busName,
    ...(e.envelope === null ? { rawBody: e.rawBody.toString('base64') } : {}),
    headers: e.headers,
    detailType: e.detailType,
    eventTime: e.eventTime?.toISOString() ?? null,
    envelope: e.envelope,
    ...(e.routing ? { scheme: e.routing.scheme, options: e.routing.options } : {}),
  };
}
