import { Worker } from 'bullmq';
// The clock the load generator stamps each job with (see there why not `performance.timeOrigin`).
import { monotonicMs } from '../lib/latency-sink.js';

/**
 * The same-run baseline for bench:deliver: a bare BullMQ worker (concurrency 50) that records
 * add → process latency from the timestamp in each job (`process.hrtime`, in ms), and prints
 * p50/p99 as JSON on SIGTERM.
 * Usage: node bullmq-worker.js <redisUrl> <prefix>
 */
const [redisUrl, prefix] = process.argv.slice(2) as [string, string];
const latencies: number[] = [];
const worker = new Worker<{ t: number }>(
  'baseline-e2e',
  async (job) => {
    latencies.push(monotonicMs() - job.data.t);
  },
  {
    connection: { url: redisUrl, maxRetriesPerRequest: null },
    prefix,
    concurrency: 50,
    removeOnComplete: { count: 0 },
  },
);
worker.on('ready', () => console.log('ready'));
process.on('SIGTERM', () => {
  const s = latencies.sort((a, b) => a - b);
  const p = (q: number) => Math.round((s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0) * 100) / 100;
  console.log(JSON.stringify({ processed: s.length, p50Ms: p(0.5), p99Ms: p(0.99) }));
  void worker.close().then(() => process.exit(0));
});
