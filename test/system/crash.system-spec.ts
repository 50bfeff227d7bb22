import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor } from '#libs/testing';
import { CrashStack, SinkLedger, setupTargets, WebhookSender } from '../support/crash-harness.js';

// 20 000 signed webhooks at a steady rate through a gateway and two workers (real processes over a
// PostgreSQL and a Redis of the test's own) while a worker and the gateway are SIGKILLed and
// restarted, Redis is SIGKILLed and restarted and, later, flushed, and PostgreSQL is shut down
// immediately (as in a crash) and restarted. Afterwards every accepted webhook reached the sink at
// least once, duplicates are counted, and nothing is left pending in PostgreSQL. One JSON line
// summarises the run (sent, accepted, delivered, lost, duplicated, timings).

const TOTAL = 20_000;
// Below what ingest + route + deliver sustain together on a 2-core machine that also runs the load
// generator, the sink, PostgreSQL and Redis; the sends take a bit over two minutes.
const RATE = 150;
const SWEEP_INTERVAL_MS = 2_000;
// Longer than the pipeline's normal lag, so the sweeper repairs losses instead of re-adding jobs
// that are merely waiting their turn.
const SWEEP_GRACE_MS = 10_000;

interface Disruption {
  name: string;
  /** When, as a share of the webhooks sent. */
  at: number;
  /** Does it and waits until the stack reports itself back (ready, connected). */
  run: () => Promise<void>;
}

interface DisruptionTiming {
  name: string;
  atSent: number;
  /** From the disruption until the stack reported itself back. */
  backMs: number;
  /** From the disruption until the sink had 200 more deliveries. */
  flowingMs?: number;
  /** Flush only: until every event and delivery that waited in Redis had moved on. */
  repairedMs?: number;
}

/** The disruptions, spaced over the send schedule so each one lands mid-flow. */
function disruptions(stack: CrashStack, sender: WebhookSender): Disruption[] {
  const { pg, redis } = stack;
  if (!pg || !redis) throw new Error('the stack is not started');
  return [
    { name: 'worker SIGKILL and restart', at: 0.12, run: () => stack.restartWorker() },
    { name: 'gateway SIGKILL and restart', at: 0.28, run: () => stack.restartGateway() },
    {
      name: 'Redis SIGKILL and restart',
      at: 0.44,
      run: async () => {
        await redis.stop('SIGKILL');
        await stack.waitForGateway(false);
        await redis.start();
        await stack.waitForGateway(true);
        await stack.waitForWorkers(stack.workers.length);
      },
    },
    {
      name: 'Redis FLUSHALL',
      at: 0.6,
      run: async () => {
        await redis.flushAll();
        await stack.waitForGateway(true);
        await stack.waitForWorkers(stack.workers.length);
      },
    },
    {
      name: 'PostgreSQL immediate shutdown and restart',
      at: 0.76,
      run: async () => {
        const failures = sender.failures;
        await pg.stop('SIGQUIT');
        // Down until a webhook is refused, so the outage is seen by senders mid-flow.
        await waitFor(
          'a webhook refused while PostgreSQL is down (or every webhook sent)',
          () => sender.failures > failures || sender.stats.sent >= TOTAL,
          30_000,
        );
        await stack.waitForGateway(false);
        await pg.start();
        await stack.waitForGateway(true);
      },
    },
  ];
}

describe('crash and restart: 20 000 webhooks through kills, restarts and a Redis flush', () => {
  const stack = new CrashStack();
  const ledger = new SinkLedger();
  let stopSending: () => void = () => undefined;
  /** Set when the suite closes, so that nothing it started keeps running after a failure. */
  let closed = false;

  before(async () => {
    await ledger.start();
    await stack.start({
      HOOKBRIDGE_SWEEP_INTERVAL_MS: String(SWEEP_INTERVAL_MS),
      HOOKBRIDGE_SWEEP_GRACE_MS: String(SWEEP_GRACE_MS),
      HOOKBRIDGE_RETRY_BASE_MS: '100',
      HOOKBRIDGE_RETRY_CAP_MS: '1000',
    });
  });

  after(async () => {
    closed = true;
    stopSending();
    await stack.close();
    await ledger.stop();
  });

  const query = <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) =>
    stack.harness.query<T>(sql, params);

  /** Events and deliveries by state, and failed delivery attempts by error code. */
  const states = async () =>
    (
      await query(`
        SELECT (SELECT coalesce(json_object_agg(state, n), '{}') FROM
                  (SELECT state, count(*)::int AS n FROM events GROUP BY state) e) AS events,
               (SELECT coalesce(json_object_agg(state, n), '{}') FROM
                  (SELECT state, count(*)::int AS n FROM deliveries GROUP BY state) d) AS deliveries,
               (SELECT coalesce(json_object_agg(code, n), '{}') FROM
                  (SELECT coalesce(error_code, 'none') AS code, count(*)::int AS n FROM attempts
                    WHERE outcome = 'failed' GROUP BY 1) a) AS "failedAttempts"`)
    )[0];

  /** Events still received and deliveries still pending or retrying (all, or among the given ids). */
  const unsettled = async (ids?: { events: string[]; deliveries: string[] }) =>
    (
      await query<{ n: number }>(
        `SELECT ((SELECT count(*) FROM events
                   WHERE state IN ('received', 'held') AND ($1::uuid[] IS NULL OR id = ANY($1::uuid[])))
               + (SELECT count(*) FROM deliveries
                   WHERE state IN ('pending', 'retrying') AND ($2::uuid[] IS NULL OR id = ANY($2::uuid[]))))::int AS n`,
        [ids?.events ?? null, ids?.deliveries ?? null],
      )
    )[0]?.n;

  /** What waits in Redis only: events not routed yet, and deliveries no worker holds. */
  const waitingInRedis = async () =>
    (
      await query<{ events: string[]; deliveries: string[] }>(`
        SELECT ARRAY(SELECT id::text FROM events WHERE state = 'received') AS events,
               ARRAY(SELECT id::text FROM deliveries
                      WHERE state IN ('pending', 'retrying') AND lease_until IS NULL) AS deliveries`)
    )[0] ?? { events: [], deliveries: [] };

  /** Why webhooks are missing: samples with their rows in PostgreSQL, state counts, log tails. */
  const lossReport = async (sender: WebhookSender, context: unknown, cause: Error): Promise<string> => {
    const missing = ledger.missing(TOTAL);
    const sample = missing.slice(0, 15).map((n) => ({ n, eventId: sender.eventIds[n] }));
    const rows = await query(
      `SELECT e.id, e.state AS event, e.received_at, d.id AS delivery_id, d.state AS delivery, d.attempts,
              d.next_attempt_at, d.lease_until, d.last_error
         FROM events e LEFT JOIN deliveries d ON d.event_id = e.id AND d.event_received_at = e.received_at
        WHERE e.id = ANY($1::uuid[])`,
      [sample.map((s) => s.eventId).filter(Boolean)],
    ).catch((e: Error) => [`query failed: ${e.message}`]);
    return [
      cause.message,
      `${missing.length} of ${TOTAL} accepted webhooks never reached the sink`,
      `sample: ${JSON.stringify(sample)}`,
      `their rows: ${JSON.stringify(rows)}`,
      `states: ${JSON.stringify(await states().catch((e: Error) => e.message))}`,
      `run so far: ${JSON.stringify(context)}`,
      stack.logs(),
    ].join('\n');
  };

  test('every accepted webhook arrives; nothing is left pending', { timeout: 12 * 60_000 }, async (t) => {
    const started = Date.now();
    const sender = new WebhookSender(await setupTargets(stack, ledger.sink.url), TOTAL, RATE);
    stopSending = () => sender.stop();
    const timings: DisruptionTiming[] = [];
    const context = () => ({
      sender: sender.stats,
      delivered: ledger.counts.size,
      deliveries: ledger.deliveries,
      timings,
      seconds: Math.round((Date.now() - started) / 1000),
    });
    /** Recoveries measured in the background, not waited on: the send schedule sets the pace. */
    const measuring: Array<Promise<void>> = [];
    const measure = (timing: DisruptionTiming, key: 'flowingMs' | 'repairedMs', done: () => unknown) => {
      const t0 = Date.now() - timing.backMs;
      measuring.push(
        waitFor(`${key} of ${timing.name}`, async () => closed || (await done()), 300_000, 100).then(
          () => void (closed || (timing[key] = Date.now() - t0)),
          () => undefined, // left unset; the checks at the end say what is missing
        ),
      );
    };

    let allAccepted = false;
    const sending = sender.run().then(() => void (allAccepted = true));
    for (const d of disruptions(stack, sender)) {
      await waitFor(`${d.name} to be due`, () => closed || sender.stats.sent >= d.at * TOTAL, 600_000, 50);
      if (closed) return;
      const t0 = Date.now();
      const timing: DisruptionTiming = { name: d.name, atSent: sender.stats.sent, backMs: -1 };
      timings.push(timing);
      const delivered = ledger.deliveries;
      await d.run().catch((e: Error) => {
        throw new Error(`${d.name}: ${e.message}\n${JSON.stringify(context())}\n${stack.logs()}`);
      });
      timing.backMs = Date.now() - t0;
      measure(timing, 'flowingMs', () => ledger.deliveries >= delivered + 200);
      if (d.name === 'Redis FLUSHALL') {
        // Only the sweeper, from PostgreSQL, can bring back what waited in the flushed Redis.
        const orphans = await waitingInRedis();
        measure(timing, 'repairedMs', async () => (await unsettled(orphans)) === 0);
      }
    }
    await waitFor('every webhook sent and accepted', () => allAccepted, 300_000, 250).catch((e: Error) => {
      throw new Error(`${e.message}\n${JSON.stringify(context())}\n${stack.logs()}`);
    });
    await sending;
    const sendSeconds = (Date.now() - started) / 1000;

    await waitFor(
      'every accepted webhook at the sink',
      () => ledger.counts.size >= TOTAL,
      420_000,
      250,
    ).catch(async (e: Error) => {
      throw new Error(await lossReport(sender, context(), e));
    });
    const drainedSeconds = (Date.now() - started) / 1000;
    // A delivery whose worker died after the call but before recording it stays leased (target
    // timeout + 30 s), then is swept and sent again: settling may take that long.
    await waitFor(
      'nothing left received, held, pending or retrying',
      async () => (await unsettled()) === 0,
      120_000,
      250,
    ).catch(async (e: Error) => {
      throw new Error(
        `${e.message}\nstates: ${JSON.stringify(await states())}\n${JSON.stringify(context())}\n${stack.logs()}`,
      );
    });
    await Promise.all(measuring);

    const duplicates = ledger.duplicates();
    const summary = {
      suite: 'crash',
      ...sender.stats,
      delivered: ledger.counts.size,
      lost: ledger.missing(TOTAL).length,
      duplicated: duplicates.webhooks,
      extraDeliveries: duplicates.extraDeliveries,
      ratePerSecond: RATE,
      disruptions: timings,
      sendSeconds: Math.round(sendSeconds),
      drainedSeconds: Math.round(drainedSeconds),
      totalSeconds: Math.round((Date.now() - started) / 1000),
      states: await states(),
    };
    console.log(JSON.stringify(summary));
    t.diagnostic(JSON.stringify(summary));

    assert.equal(sender.stats.accepted, TOTAL);
    assert.equal(new Set(sender.eventIds).size, TOTAL, 'one event per webhook (retries were deduplicated)');
    assert.equal(summary.lost, 0);
    assert.equal(ledger.unknown, 0, 'nothing but the test webhooks reached the sink');
    // While PostgreSQL or Redis is down, webhooks are refused as unavailable (or shed), never a 500.
    assert.deepEqual(
      Object.keys(sender.stats.refused).filter((status) => status !== '503' && status !== '429'),
      [],
      `refusals by status: ${JSON.stringify(sender.stats.refused)}`,
    );
    const [rows] = await query(`
      SELECT (SELECT count(*) FROM events)::int AS events,
             (SELECT count(*) FROM events WHERE state = 'routed')::int AS routed,
             (SELECT count(*) FROM deliveries)::int AS deliveries,
             (SELECT count(*) FROM deliveries WHERE state = 'succeeded')::int AS succeeded`);
    assert.deepEqual(rows, { events: TOTAL, routed: TOTAL, deliveries: TOTAL, succeeded: TOTAL });
  });
});
