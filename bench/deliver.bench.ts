import { spawn } from 'node:child_process';
import { appendFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { DEFAULT_MAX_CONCURRENCY } from '#libs/domain';
import { TEST_REDIS_URL, waitFor } from '#libs/testing';
import { ProcessHarness, setupPipeline } from '../test/support/processes-harness.js';
import { startLatencySink, monotonicMs } from './lib/latency-sink.js';
import { awaitPipeline, BENCH_LIMITS, signedWebhooks, spawnWorker } from './lib/pipeline-bench.js';
import { median, paced, percentile, saturate, steady } from './lib/load.js';
import { arg } from './lib/args.js';
import { quantileMs, scrape } from './lib/metrics.js';

/**
 * bench:deliver — with the gateway and a worker running as real processes: deliveries/s to a local
 * sink under a burst, and webhook-sent → sink-received latency at a steady rate (default 1 000/s,
 * evenly paced). Same-run baseline: bare BullMQ add → process at the same rate. One JSON line.
 * Options: --runs N (1), --seconds S (8), --rate R (1000), --burst-seconds B (4; 0 skips the burst),
 * --concurrency C (the sink target's maxConcurrency; the product's default), --dump FILE (writes one
 * JSON line per steady run: when it started, how many first deliveries are the unmeasured warm-up,
 * and each delivery's arrival, latency and the gateway's receipt of its webhook (to the ms) in
 * arrival order, on the machine's monotonic clock in ms, to line the tail up with other logs;
 * `node scripts/tail-episodes.mjs FILE` summarises it).
 * `stagesMs` estimates where a steady run's time went, stage by stage, from the gateway's and the
 * worker's histograms read before and after it (see STAGES).
 */
const runs = arg('runs', 1);
const seconds = arg('seconds', 8);
const rate = arg('rate', 1000);
// 0 skips the burst (e.g. to profile the steady run alone); deliveriesPerSecond is then null.
const burstSeconds = arg('burst-seconds', 4);
// The sink target's concurrency cap (`maxConcurrency`): --concurrency C, by default the product's.
// With 10, its default until Session 18, a saturated machine's runs could fall into a backlog that
// ten slots did not drain (see DEFAULT_MAX_CONCURRENCY).
const TARGET_CONCURRENCY = arg('concurrency', DEFAULT_MAX_CONCURRENCY);
const dumpAt = process.argv.indexOf('--dump');
const dumpFile = dumpAt >= 0 ? process.argv[dumpAt + 1] : undefined;
if (dumpAt >= 0 && (!dumpFile || dumpFile.startsWith('--'))) {
  console.error('--dump needs a file name');
  process.exit(2);
}
if (dumpFile) writeFileSync(dumpFile, '');
const pct = (xs: number[], q: number) =>
  Math.round(
    percentile(
      [...xs].sort((a, b) => a - b),
      q,
    ) * 100,
  ) / 100;

/**
 * The stages of an event's way, each a histogram of one service (its warm-up second included):
 * the gateway's receipt of a webhook to its answer (the commit), a route job's wait from its add to
 * a worker taking it, routing a job, one call to the target, and the event's receipt to its delivery
 * (the worker's clock).
 */
const STAGES = {
  ingest: ['gateway', 'hookbridge_ingest_duration_seconds'],
  routeQueueWait: ['worker', 'hookbridge_route_queue_wait_seconds'],
  route: ['worker', 'hookbridge_route_duration_seconds'],
  call: ['worker', 'hookbridge_delivery_duration_seconds'],
  receivedToDelivered: ['worker', 'hookbridge_event_to_delivery_seconds'],
} as const;
type Stage = keyof typeof STAGES;

async function main(): Promise<void> {
  const sink = await startLatencySink();
  const h = await new ProcessHarness().start({ LOG_LEVEL: 'warn', ...BENCH_LIMITS });
  const { metricsUrls } = await spawnWorker(h);
  const scrapeAll = async () => ({
    gateway: await scrape(metricsUrls.gateway),
    worker: await scrape(metricsUrls.worker),
  });
  const dist = (p: string) => fileURLToPath(new URL(`../${p}`, import.meta.url));
  try {
    const p = await setupPipeline(h, sink.url, { maxConcurrency: TARGET_CONCURRENCY });
    const next = signedWebhooks(p, monotonicMs);
    await awaitPipeline(h.base, next(), sink.count);
    const results: Array<{
      deliveriesPerSecond: number | null;
      p50Ms: number;
      p99Ms: number;
      baselineP50Ms: number;
      baselineP99Ms: number;
      stages: Record<Stage, { p50: number | null; p99: number | null }>;
    }> = [];
    for (let r = 0; r < runs; r++) {
      // Throughput: a burst of webhooks, then the rate at which the sink receives them.
      await sink.reset();
      let deliveriesPerSecond: number | null = null;
      if (burstSeconds > 0) {
        const burst = await saturate(h.base, next, 50, burstSeconds);
        const accepted = burst.statuses['202'] ?? 0;
        await waitFor('the burst delivered', () => sink.count() >= accepted, 120_000);
        const b = await sink.stats();
        deliveriesPerSecond = Math.round(b.latencies.length / (b.spanMs / 1000));
      }
      // Latency at a steady rate.
      await sink.reset();
      const before = await scrapeAll();
      const startedMs = monotonicMs();
      const st = await steady(h.base, next, rate, seconds, 1);
      const sentOk = (st.statuses['202'] ?? 0) + Math.round(rate); // + the unmeasured warm-up second
      await waitFor('the steady run delivered', () => sink.count() >= sentOk, 180_000);
      const steadyStats = await sink.stats();
      const after = await scrapeAll();
      const stages = Object.fromEntries(
        Object.entries(STAGES).map(([stage, [service, name]]) => [
          stage,
          {
            p50: quantileMs(before[service], after[service], name, 0.5),
            p99: quantileMs(before[service], after[service], name, 0.99),
          },
        ]),
      ) as Record<Stage, { p50: number | null; p99: number | null }>;
      const lat = steadyStats.latencies.slice(Math.round(rate)); // drop the warm-up second
      if (dumpFile) {
        // The gateway's receipt of each webhook, moved from the wall clock to the monotonic one.
        const wallToMonotonic = monotonicMs() - Date.now();
        const { latencies, arrivals, received } = steadyStats;
        const deliveries = arrivals.map((at, i) => [
          Math.round(at * 10) / 10,
          Math.round((latencies[i] ?? 0) * 100) / 100,
          Math.round((received[i] ?? 0) + wallToMonotonic),
        ]);
        const dump = { run: r, rate, startedMs, warmup: Math.round(rate), deliveries };
        appendFileSync(dumpFile, `${JSON.stringify(dump)}\n`);
      }
      // Baseline: bare BullMQ add → process at the same pace, worker in its own process.
      const prefix = `${h.redis.prefix}-baseline`;
      const worker = spawn(
        process.execPath,
        [dist('bench/baseline/bullmq-worker.js'), TEST_REDIS_URL, prefix],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      let out = '';
      worker.stdout.on('data', (d: Buffer) => (out += d.toString()));
      await waitFor('baseline worker ready', () => out.includes('ready'), 20_000);
      const queue = new Queue('baseline-e2e', {
        connection: { url: TEST_REDIS_URL, maxRetriesPerRequest: null },
        prefix,
      });
      // Paced like the load generator's steady rate. (Spinning on setImmediate until each job was
      // due kept a core busy, which the baseline's worker and Redis then lacked.)
      const pending: Array<Promise<unknown>> = [];
      await paced(rate, rate * seconds, () => {
        // The worker is another process: the monotonic clock they share (see bullmq-worker.ts).
        pending.push(queue.add('e', { t: monotonicMs() }, { removeOnComplete: true }));
      });
      await Promise.all(pending);
      await waitFor(
        'the baseline jobs processed',
        async () =>
          Object.values(await queue.getJobCounts('wait', 'active', 'delayed')).every((n) => n === 0),
        60_000,
      );
      worker.kill('SIGTERM');
      await waitFor('baseline summary', () => out.includes('p99Ms'), 20_000);
      await queue.obliterate({ force: true }).catch(() => undefined);
      await queue.close();
      const base = JSON.parse(out.trim().split('\n').pop() ?? '{}') as { p50Ms: number; p99Ms: number };
      results.push({
        deliveriesPerSecond,
        p50Ms: pct(lat, 0.5),
        p99Ms: pct(lat, 0.99),
        baselineP50Ms: base.p50Ms,
        baselineP99Ms: base.p99Ms,
        stages,
      });
    }
    const m = (k: Exclude<keyof (typeof results)[number], 'stages'>) =>
      Math.round(median(results.map((x) => x[k] ?? 0)) * 100) / 100;
    const stageMedian = (stage: Stage, q: 'p50' | 'p99') => {
      const xs = results.map((x) => x.stages[stage][q]).filter((x): x is number => x !== null);
      return xs.length ? Math.round(median(xs) * 10) / 10 : null;
    };
    console.log(
      JSON.stringify({
        bench: 'deliver',
        runs,
        rate,
        seconds,
        deliveriesPerSecond: burstSeconds > 0 ? m('deliveriesPerSecond') : null,
        e2eP50Ms: m('p50Ms'),
        e2eP99Ms: m('p99Ms'),
        baselineBullmqP50Ms: m('baselineP50Ms'),
        baselineBullmqP99Ms: m('baselineP99Ms'),
        p99RatioToBaseline: Math.round((m('p99Ms') / Math.max(0.01, m('baselineP99Ms'))) * 100) / 100,
        // Estimates from the services' histogram buckets (1, 2.5, 5, 10, 25, 50 ms…), medians over runs.
        stagesMs: Object.fromEntries(
          (Object.keys(STAGES) as Stage[]).map((s) => [
            s,
            { p50: stageMedian(s, 'p50'), p99: stageMedian(s, 'p99') },
          ]),
        ),
        node: process.version,
      }),
    );
  } finally {
    await h.close();
    await sink.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
