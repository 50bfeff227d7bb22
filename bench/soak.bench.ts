import { waitFor } from '#libs/testing';
import { saturate, steady } from './lib/load.js';
import { rssMb, startPipelineBench } from './lib/pipeline-bench.js';
import { arg } from './lib/args.js';

/**
 * bench:soak (run by hand; not part of `npm run bench`) — measures the pipeline's capacity (a burst,
 * until all of it is delivered), then runs at half of it for `--seconds` (default 600), in windows of `--window` seconds (30): per window the
 * 202's p99 and the RSS of the gateway and the worker. One JSON line; also whether every accepted
 * event was delivered at the end.
 */
const seconds = arg('seconds', 600);
const windowSeconds = arg('window', 30);

async function main(): Promise<void> {
  const b = await startPipelineBench();
  const { h, worker, next } = b;
  try {
    // Capacity: a 5 s burst, and how fast the pipeline delivers all of it (ingest alone accepts
    // more than the worker delivers, so half of the acceptance rate could be beyond the pipeline).
    const started = performance.now();
    const sat = await saturate(h.base, next, 50, 5);
    let accepted = sat.statuses['202'] ?? 0;
    await waitFor('the burst delivered', () => b.received() >= accepted, 300_000);
    const capacity = Math.round(accepted / ((performance.now() - started) / 1000));
    const rate = Math.max(10, Math.round(capacity / 2));
    const windows: Array<{
      at: number;
      p99Ms: number;
      gatewayRssMb: number;
      workerRssMb: number;
      backlog: number;
    }> = [];
    for (let t = 0; t < seconds; t += windowSeconds) {
      const w = await steady(h.base, next, rate, windowSeconds, 0);
      accepted += w.statuses['202'] ?? 0;
      windows.push({
        at: t + windowSeconds,
        p99Ms: w.p99Ms,
        gatewayRssMb: rssMb(h.procs[0]?.pid),
        workerRssMb: rssMb(worker.pid),
        backlog: accepted - b.received(),
      });
    }
    const drained = await waitFor(
      'every accepted event delivered',
      () => b.received() >= accepted,
      600_000,
    ).then(
      () => true,
      () => false,
    );
    console.log(
      JSON.stringify({
        bench: 'soak',
        saturationPerSecond: sat.acceptedPerSecond,
        pipelineCapacityPerSecond: capacity,
        rate,
        seconds,
        windows,
        accepted,
        delivered: b.received(),
        allAcceptedDelivered: drained,
        node: process.version,
      }),
    );
  } finally {
    await b.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
