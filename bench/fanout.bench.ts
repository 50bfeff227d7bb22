import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hmacSignature, waitFor } from '#libs/testing';
import { ProcessHarness, setupPipeline } from '../test/support/processes-harness.js';
import { BENCH_LIMITS } from './lib/pipeline-bench.js';
import { median } from './lib/load.js';
import { arg } from './lib/args.js';

/**
 * bench:fanout — one event that matches 100 rules with 5 HTTP targets each: the time until all 500
 * deliveries have landed at a local sink. Gateway and worker run as real processes. One JSON line.
 * Options: --runs N (3), --rules R (100), --targets T (5).
 */
const runs = arg('runs', 3);
const ruleCount = arg('rules', 100);
const targetCount = arg('targets', 5);

async function main(): Promise<void> {
  let received = 0;
  const sink = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received++;
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => sink.listen(0, '127.0.0.1', r));
  const sinkUrl = `http://127.0.0.1:${(sink.address() as AddressInfo).port}`;
  const h = await new ProcessHarness().start({ LOG_LEVEL: 'warn', ...BENCH_LIMITS });
  h.spawn('worker');
  try {
    const p = await setupPipeline(h, `${sinkUrl}/setup`);
    const bus = encodeURIComponent(p.name);
    for (let r = 0; r < ruleCount; r++) {
      await h.call('PUT', `/v1/event-buses/${bus}/rules/fan-${r}`, p.accountToken, {
        eventPattern: { source: [p.name] },
      });
      const targets = Array.from({ length: targetCount }, (_, t) => ({
        id: `t${t}`,
        type: 'http',
        http: { url: `${sinkUrl}/r${r}/t${t}` },
      }));
      await h.call('PUT', `/v1/event-buses/${bus}/rules/fan-${r}/targets`, p.accountToken, { targets });
    }
    // The setup rule `all` also matches: expect rules × targets + 1 per event.
    const perEvent = ruleCount * targetCount + 1;
    const times: number[] = [];
    for (let i = 0; i < runs + 1; i++) {
      const before = received;
      const body = JSON.stringify({ fanout: i });
      const t0 = performance.now();
      const res = await fetch(p.ingestUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-signature': hmacSignature(p.secret, body) },
        body,
      });
      if (res.status !== 202) throw new Error(`ingest answered ${res.status}`);
      await waitFor('all deliveries of the event', () => received - before >= perEvent, 120_000);
      if (i > 0) times.push(performance.now() - t0); // the first run warms caches and connections
    }
    console.log(
      JSON.stringify({
        bench: 'fanout',
        runs,
        rules: ruleCount,
        targetsPerRule: targetCount,
        deliveriesPerEvent: perEvent,
        msUntilAllDelivered: Math.round(median(times)),
        deliveriesPerSecond: Math.round(perEvent / (median(times) / 1000)),
        node: process.version,
      }),
    );
  } finally {
    await h.close();
    sink.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
