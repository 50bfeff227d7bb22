import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { freePort, hmacSignature, waitFor } from '#libs/testing';
import { ProcessHarness, setupPipeline } from '../../test/support/processes-harness.js';
import type { NodeProcess } from '#libs/testing';
import type { RequestSpec } from './load.js';
import { webhookBody } from './payload.js';

/**
 * Ingest rate limits checked as always, but set above any rate a benchmark reaches: the benchmarks
 * measure capacity, not the default per-source limit (2 000/s, tested in test/backpressure).
 */
export const BENCH_LIMITS = {
  HOOKBRIDGE_INGEST_LIMIT_PER_SOURCE: '1000000',
  HOOKBRIDGE_INGEST_LIMIT_PER_PARTNER: '1000000',
};

/** Gateway and worker as real processes, one pipeline to a counting sink, and a webhook generator. */
export interface PipelineBench {
  h: ProcessHarness;
  worker: NodeProcess;
  /** Each process's Prometheus `/metrics` (the worker serves them on a port of its own). */
  metricsUrls: { gateway: string; worker: string };
  /** Deliveries the sink has received so far. */
  received: () => number;
  /** The ingest path of the pipeline's source. */
  path: string;
  next: () => RequestSpec;
  close: () => Promise<void>;
}

export async function startPipelineBench(): Promise<PipelineBench> {
  let received = 0;
  const sink = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received++;
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => sink.listen(0, '127.0.0.1', r));
  const h = await new ProcessHarness().start({ LOG_LEVEL: 'warn', ...BENCH_LIMITS });
  const { worker, metricsUrls } = await spawnWorker(h);
  const p = await setupPipeline(h, `http://127.0.0.1:${(sink.address() as AddressInfo).port}/s`);
  const path = new URL(p.ingestUrl).pathname;
  const next = signedWebhooks(p);
  await awaitPipeline(h.base, next(), () => received);
  // Counted from here: the readiness webhook is not part of any measurement.
  received = 0;
  return {
    h,
    worker,
    metricsUrls,
    received: () => received,
    path,
    next,
    close: async () => {
      await h.close();
      sink.close();
    },
  };
}

/**
 * The next signed webhook for a pipeline's source, numbered from 0 (`bench/lib/payload.ts`). With
 * `stamp`, each carries the time it was built (`t`) for a latency sink to measure from.
 */
export function signedWebhooks(
  p: { ingestUrl: string; secret: string },
  stamp?: () => number,
): () => RequestSpec {
  const path = new URL(p.ingestUrl).pathname;
  let n = 0;
  return () => {
    const body = webhookBody(stamp ? { n: n++, t: stamp() } : { n: n++ });
    return {
      path,
      body,
      headers: { 'content-type': 'application/json', 'x-signature': hmacSignature(p.secret, body) },
    };
  };
}

/** Starts the worker with its metrics on a port of its own; both services' `/metrics` URLs. */
export async function spawnWorker(
  h: ProcessHarness,
): Promise<{ worker: NodeProcess; metricsUrls: { gateway: string; worker: string } }> {
  const port = await freePort();
  const worker = h.spawn('worker', { WORKER_METRICS_PORT: String(port) });
  return {
    worker,
    metricsUrls: { gateway: `${h.base}/metrics`, worker: `http://127.0.0.1:${port}/metrics` },
  };
}

/**
 * Waits until the worker consumes: one webhook posted to the gateway reaches the sink. The worker
 * boots for a second or two after the gateway answers; load sent before then would measure its
 * start-up (the first route jobs waited 2.4 s), not the pipeline.
 */
export async function awaitPipeline(base: string, spec: RequestSpec, delivered: () => number): Promise<void> {
  const before = delivered();
  const res = await fetch(`${base}${spec.path}`, { method: 'POST', headers: spec.headers, body: spec.body });
  if (res.status !== 202)
    throw new Error(`the readiness webhook was answered ${res.status}: ${await res.text()}`);
  await waitFor('the worker to deliver a first webhook', () => delivered() > before, 60_000);
}

/** A process's resident memory now (`VmRSS`) or at its peak (`VmHWM`), in MB. */
export function rssMb(pid: number | undefined, field: 'VmRSS' | 'VmHWM' = 'VmRSS'): number {
  const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : -1;
}
