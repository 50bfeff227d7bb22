import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hmacSignature, waitFor } from '#libs/testing';
import { ProcessHarness, setupPipeline } from '../test/support/processes-harness.js';
import { percentile } from './lib/load.js';
import { BENCH_LIMITS } from './lib/pipeline-bench.js';
import { arg } from './lib/args.js';

/**
 * bench:parked — a target that stalls, then recovers while webhooks keep coming: how long after its
 * recovery the deliveries that waited in its line (parked deliver jobs) are all delivered. The sink
 * holds every call while stalled; `--events N` (200) webhooks are sent then, the target's cap
 * (`--concurrency C`, 4) is taken by held calls, and the others give up waiting in the worker after
 * about a second and park in the target's line. After `--stall S` seconds (4) the sink answers, and
 * `--rate R` (100) new webhooks per second flow for 8 s, whose first attempts compete with the line
 * for the slots. Also how long those new webhooks took, sent to delivered, while the line drained
 * (`flowP50Ms`, `flowP99Ms`, `flowMaxMs`). One JSON line.
 */
const events = arg('events', 200);
const concurrency = arg('concurrency', 4);
const stallSeconds = arg('stall', 4);
const rate = arg('rate', 100);

async function main(): Promise<void> {
  let stalled = true;
  const held: ServerResponse[] = [];
  const stalledDelivered = new Set<number>();
  let flowDelivered = 0;
  // Each flow webhook's time from sent to delivered (its payload says when it was sent).
  const flowMs: number[] = [];
  const sink = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString();
      const m = /"phase":"stall","n":(\d+)/.exec(text);
      const sentAt = /"phase":"flow","k":\d+,"t":([\d.]+)/.exec(text)?.[1];
      if (m) stalledDelivered.add(Number(m[1]));
      else flowDelivered++;
      if (sentAt) flowMs.push(performance.now() - Number(sentAt));
      if (stalled) held.push(res);
      else res.writeHead(200).end('{}');
    });
  });
  await new Promise<void>((r) => sink.listen(0, '127.0.0.1', r));
  const h = await new ProcessHarness().start({ LOG_LEVEL: 'warn', ...BENCH_LIMITS });
  h.spawn('worker');
  try {
    const sinkUrl = `http://127.0.0.1:${(sink.address() as AddressInfo).port}/s`;
    const p = await setupPipeline(h, sinkUrl, { maxConcurrency: concurrency });
    const post = async (payload: object) => {
      const body = JSON.stringify(payload);
      const res = await fetch(p.ingestUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-signature': hmacSignature(p.secret, body) },
        body,
      });
      if (res.status !== 202) throw new Error(`a webhook was answered ${res.status}`);
    };
    await Promise.all(Array.from({ length: events }, (_, n) => post({ phase: 'stall', n })));
    await waitFor('the cap taken by held calls', () => held.length >= concurrency, 30_000);
    await new Promise((r) => setTimeout(r, stallSeconds * 1000));
    const [parked] = await h.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM deliveries WHERE state = 'pending' AND lease_until IS NULL`,
    );
    stalled = false;
    for (const res of held.splice(0)) res.writeHead(200).end('{}');
    const recovered = performance.now();
    let sent = 0;
    const flow = setInterval(() => {
      sent++;
      post({ phase: 'flow', k: sent, t: performance.now() }).catch(() => undefined);
    }, 1000 / rate);
    setTimeout(() => clearInterval(flow), 8_000).unref();
    const seconds = await waitFor(
      'every stalled webhook delivered',
      () => stalledDelivered.size >= events,
      300_000,
    ).then(
      () => Math.round((performance.now() - recovered) / 100) / 10,
      () => null,
    );
    clearInterval(flow);
    await waitFor('the flow delivered', () => flowDelivered >= sent, 60_000).catch(() => undefined);
    flowMs.sort((a, b) => a - b);
    const pct = (p: number) => (flowMs.length ? Math.round(percentile(flowMs, p)) : null);
    console.log(
      JSON.stringify({
        bench: 'parked',
        events,
        concurrency,
        parked: parked?.n ?? null,
        secondsToDeliverAfterRecovery: seconds,
        delivered: stalledDelivered.size,
        flowSent: sent,
        flowDelivered,
        flowP50Ms: pct(0.5),
        flowP99Ms: pct(0.99),
        flowMaxMs: pct(1),
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
