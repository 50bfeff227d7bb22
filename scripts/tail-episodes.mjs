// Summarises the tail of bench:deliver's steady runs from its --dump file (see bench/README.md,
// bench:deliver): whether the deliveries at or above the p99 are spread over the run (queueing) or
// gathered in a few episodes (a stall), and when each episode happened, on the machine's monotonic
// clock, to line it up with other logs (GC traces, a CPU timeline, the PostgreSQL log).
//   node dist/bench/deliver.bench.js --dump /tmp/deliveries.jsonl
//   node scripts/tail-episodes.mjs /tmp/deliveries.jsonl
// Prints one JSON line per run. An episode is a stretch of 100 ms windows, by arrival, each holding
// a delivery at or above the p99, with at most one window between them that holds none. Where the
// dump has the gateway's receipt of each webhook (to the ms), the latency is split in two: until
// the gateway received the webhook (load generator, network, the gateway's accept), and after it
// (commit, routing, the call to the sink); medians over all deliveries, and per episode over its own.
import { readFileSync } from 'node:fs';

const WINDOW_MS = 100;
const file = process.argv[2];
if (!file) {
  console.error('usage: node scripts/tail-episodes.mjs <file written by deliver.bench.js --dump>');
  process.exit(2);
}

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
const medianOf = (xs) =>
  Math.round(
    quantile(
      [...xs].sort((a, b) => a - b),
      0.5,
    ) * 10,
  ) / 10;

/** Median ms until and after the gateway's receipt, for dumps that have it (a third column). */
function split(deliveries) {
  const withReceipt = deliveries.filter((d) => d.length > 2);
  if (withReceipt.length === 0) return {};
  return {
    toGatewayMedianMs: medianOf(withReceipt.map(([at, latency, received]) => received - (at - latency))),
    afterGatewayMedianMs: medianOf(withReceipt.map(([at, , received]) => at - received)),
  };
}

for (const line of readFileSync(file, 'utf8').split('\n')) {
  if (!line.trim()) continue;
  const { run, startedMs, warmup, deliveries } = JSON.parse(line);
  const measured = deliveries.slice(warmup);
  const sorted = measured.map(([, latency]) => latency).sort((a, b) => a - b);
  const p99 = quantile(sorted, 0.99);
  const slow = measured.filter(([, latency]) => latency >= p99).sort((a, b) => a[0] - b[0]);
  const episodes = [];
  for (const delivery of slow) {
    const w = Math.floor((delivery[0] - startedMs) / WINDOW_MS);
    const last = episodes.at(-1);
    if (last && w - last.lastWindow <= 2) {
      last.lastWindow = w;
      last.slow.push(delivery);
    } else episodes.push({ firstWindow: w, lastWindow: w, slow: [delivery] });
  }
  const [largest, second] = episodes.map((e) => e.slow.length).sort((a, b) => b - a);
  console.log(
    JSON.stringify({
      run,
      deliveries: measured.length,
      p50Ms: quantile(sorted, 0.5),
      p90Ms: quantile(sorted, 0.9),
      p99Ms: p99,
      p999Ms: quantile(sorted, 0.999),
      ...split(measured),
      atOrAboveP99: slow.length,
      // Share of those in the two largest episodes: near 1, a stall or two set the p99.
      inTwoLargestEpisodes:
        Math.round((((largest ?? 0) + (second ?? 0)) / Math.max(1, slow.length)) * 100) / 100,
      episodes: episodes.map((e) => ({
        startsAtS: (e.firstWindow * WINDOW_MS) / 1000,
        monotonicMs: Math.round(startedMs + e.firstWindow * WINDOW_MS),
        lastsMs: (e.lastWindow - e.firstWindow + 1) * WINDOW_MS,
        deliveries: e.slow.length,
        maxMs: Math.max(...e.slow.map(([, latency]) => latency)),
        ...split(e.slow),
      })),
    }),
  );
}
