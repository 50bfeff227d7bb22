import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '#libs/testing';
import { LOCALHOST_TLS } from '../libs/targets/testing/localhost-tls.js';
import { ProcessHarness, setupPipeline } from '../test/support/processes-harness.js';
import { startLatencySink, monotonicMs } from './lib/latency-sink.js';
import { awaitPipeline, BENCH_LIMITS, signedWebhooks, spawnWorker } from './lib/pipeline-bench.js';
import { median } from './lib/load.js';
import { arg } from './lib/args.js';

/**
 * bench:idle — a quiet gateway: single webhooks, each after a pause, with the gateway and a worker
 * running as real processes. Measures the 202 and webhook-sent → sink-received after a long pause
 * (`--gap-seconds`, default 12: longer than a pooled PostgreSQL connection may sit idle) against
 * the same after a 1 s pause, alternated in the same run (the baseline). Most partners send a
 * trickle, so this is the latency most webhooks see. One JSON line.
 * The sink answers as nginx or an AWS load balancer do, with no keep-alive hint, so the worker's
 * own keep-alive decides whether a delivery after a pause finds its connection open; the JSON
 * counts the connections opened per delivery.
 * Options: --rounds N (4: N webhooks after each pause), --gap-seconds G (12), --pool-min M (the
 * processes' DATABASE_POOL_MIN; the product's default without it, 0 for the pool before Session 19),
 * --target-keepalive-ms K (the worker's HOOKBRIDGE_TARGET_KEEPALIVE_MS; 4000 for undici's own default,
 * which the worker used before Session 20), --tls 1 (the sink serves HTTPS: a new connection costs a
 * TLS handshake too, as it does with real targets).
 */
const rounds = arg('rounds', 4);
const gapSeconds = arg('gap-seconds', 12);
const poolMin = arg('pool-min', -1);
const targetKeepAliveMs = arg('target-keepalive-ms', -1);
const tls = arg('tls', 0) === 1;
const SHORT_GAP_SECONDS = 1;

const round2 = (x: number) => Math.round(x * 100) / 100;
interface Sample {
  acceptedMs: number;
  e2eMs: number;
  /** Connections the worker opened to the sink for this delivery. */
  connections: number;
}
const summary = (xs: Sample[]) => ({
  acceptedP50Ms: round2(median(xs.map((x) => x.acceptedMs))),
  acceptedMaxMs: round2(Math.max(...xs.map((x) => x.acceptedMs))),
  e2eP50Ms: round2(median(xs.map((x) => x.e2eMs))),
  e2eMaxMs: round2(Math.max(...xs.map((x) => x.e2eMs))),
  connectionsPerDelivery: round2(xs.reduce((n, x) => n + x.connections, 0) / xs.length),
});

async function main(): Promise<void> {
  const sink = await startLatencySink({ keepAliveHint: false, tls });
  const env: Record<string, string> = { LOG_LEVEL: 'warn', ...BENCH_LIMITS };
  if (tls) {
    // The worker trusts the sink's self-signed certificate, and only for this run.
    const ca = join(mkdtempSync(join(tmpdir(), 'hb-idle-')), 'ca.pem');
    writeFileSync(ca, LOCALHOST_TLS.cert);
    env.NODE_EXTRA_CA_CERTS = ca;
  }
  if (poolMin >= 0) env.DATABASE_POOL_MIN = String(poolMin);
  if (targetKeepAliveMs >= 0) env.HOOKBRIDGE_TARGET_KEEPALIVE_MS = String(targetKeepAliveMs);
  const h = await new ProcessHarness().start(env);
  await spawnWorker(h);
  try {
    const p = await setupPipeline(h, sink.url);
    const next = signedWebhooks(p, monotonicMs);
    // A few webhooks one after the other: the code paths are compiled before the first pause.
    for (let i = 0; i < 20; i++) await awaitPipeline(h.base, next(), sink.count);
    /** One webhook after `pauseSeconds` of quiet: its 202 and its delivery, in ms. */
    const after = async (pauseSeconds: number): Promise<Sample> => {
      await new Promise((r) => setTimeout(r, pauseSeconds * 1000));
      await sink.reset();
      const opened = sink.connections();
      const spec = next();
      const t0 = monotonicMs();
      const res = await fetch(`${h.base}${spec.path}`, {
        method: 'POST',
        headers: spec.headers,
        body: spec.body,
      });
      const acceptedMs = monotonicMs() - t0;
      if (res.status !== 202) throw new Error(`a webhook was answered ${res.status}: ${await res.text()}`);
      await waitFor('the webhook delivered', () => sink.count() > 0, 30_000, 1);
      const { latencies } = await sink.stats();
      return { acceptedMs, e2eMs: latencies[0] ?? Number.NaN, connections: sink.connections() - opened };
    };
    const short: Sample[] = [];
    const long: Sample[] = [];
    for (let r = 0; r < rounds; r++) {
      short.push(await after(SHORT_GAP_SECONDS));
      long.push(await after(gapSeconds));
    }
    const s = summary(short);
    const l = summary(long);
    console.log(
      JSON.stringify({
        bench: 'idle',
        rounds,
        gapSeconds,
        poolMin: poolMin >= 0 ? poolMin : 'default',
        targetKeepAliveMs: targetKeepAliveMs >= 0 ? targetKeepAliveMs : 'default',
        tls,
        afterLongGap: l,
        baselineAfterShortGap: s,
        e2eP50RatioToBaseline: round2(l.e2eP50Ms / Math.max(0.01, s.e2eP50Ms)),
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
