import { Redis } from 'ioredis';
import { TEST_REDIS_URL, waitFor } from '#libs/testing';
import { saturate, steady } from './lib/load.js';
import { rssMb, startPipelineBench } from './lib/pipeline-bench.js';
import { arg } from './lib/args.js';

/**
 * bench:overload — measures the saturation rate (after a warm-up), then offers 3× that for `--seconds` (default 10):
 * the share of 429s (and that each carries Retry-After), timeouts/errors, the peak RSS of the
 * gateway and worker processes, and whether every accepted event was delivered afterwards (within
 * --drain seconds, 240), and how long after the overload that took. Redis's memory is sampled too
 * (`used_memory` every 250 ms, its peak over the overload and the drain less its value before):
 * the route backlog waits there.
 */
const seconds = arg('seconds', 10);
const drainSeconds = arg('drain', 240);
// --rate R offers R/s instead of 3× the measured saturation (to compare two builds at the same load).
const fixedRate = arg('rate', 0);

async function main(): Promise<void> {
  const b = await startPipelineBench();
  const { h, worker, next, path } = b;
  try {
    // A first, unmeasured saturation warms the JIT and fills the pools: measured cold, saturation
    // came out at a quarter of the warm rate, and 3× that did not overload the gateway at all.
    const warm = await saturate(h.base, next, 50, 2);
    const sat = await saturate(h.base, next, 50, 4);
    const rate = fixedRate || Math.max(100, sat.acceptedPerSecond * 3);
    const redisMb = await redisMemorySampler();
    // Retry-After is checked on a sample of 429s after the run (the load client only counts statuses).
    const over = await steady(h.base, next, rate, seconds, 0);
    const shed = await fetch(`${h.base}${path}`, { method: 'POST', headers: next().headers, body: '{}' });
    const accepted = (warm.statuses['202'] ?? 0) + (sat.statuses['202'] ?? 0) + (over.statuses['202'] ?? 0);
    const overAt = performance.now();
    const drained = await waitFor(
      'every accepted event delivered',
      () => b.received() >= accepted,
      drainSeconds * 1000,
    ).then(
      () => true,
      () => false,
    );
    const total = over.sent;
    const redisPeakMb = await redisMb.stop();
    console.log(
      JSON.stringify({
        bench: 'overload',
        saturationPerSecond: sat.acceptedPerSecond,
        offeredPerSecond: rate,
        sentPerSecond: over.sentPerSecond,
        seconds,
        statuses: over.statuses,
        share429: Math.round(((over.statuses['429'] ?? 0) / Math.max(1, total)) * 1000) / 1000,
        errorsOrTimeouts: over.errors,
        retryAfterOn429: shed.status === 429 ? shed.headers.get('retry-after') : 'not shedding at the end',
        peakRssMb: { gateway: rssMb(h.procs[0]?.pid, 'VmHWM'), worker: rssMb(worker.pid, 'VmHWM') },
        redisPeakMb,
        accepted,
        delivered: b.received(),
        allAcceptedDelivered: drained,
        // From the end of the overload until the sink had every accepted event (null: not within --drain).
        secondsToDeliverAll: drained ? Math.round((performance.now() - overAt) / 100) / 10 : null,
        node: process.version,
      }),
    );
  } finally {
    await b.close();
  }
}

/** Samples Redis's `used_memory`; `stop` gives its peak above the first sample, in MB. */
async function redisMemorySampler(): Promise<{ stop(): Promise<number> }> {
  const redis = new Redis(TEST_REDIS_URL);
  const used = async () => Number(/used_memory:(\d+)/.exec(await redis.info('memory'))?.[1] ?? 0);
  const start = await used();
  let peak = start;
  const timer = setInterval(() => {
    used().then(
      (n) => (peak = Math.max(peak, n)),
      () => undefined,
    );
  }, 250);
  return {
    async stop() {
      clearInterval(timer);
      peak = Math.max(peak, await used());
      redis.disconnect();
      return Math.round((peak - start) / 1024 / 1024);
    },
  };
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
