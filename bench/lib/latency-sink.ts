import { createServer } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { uuidv7Time } from '#libs/security';
import { LOCALHOST_TLS } from '../../libs/targets/testing/localhost-tls.js';

/**
 * The HTTP endpoint bench:deliver delivers to, in a thread of its own: it answers 200 and records,
 * for each delivery, the time from `detail.t` (when the load generator sent the webhook, on
 * {@link monotonicMs}) to when the whole request arrived. In its own thread it is a party of its
 * own, as the bare-BullMQ baseline's worker (its own process) is: sharing the load generator's
 * event loop, a delivery's arrival waited behind the generator's sends and their 202s (that loop's
 * delay was 1–2 ms at the median and up to 27 ms at the p99 at 500/s).
 */
export interface LatencySink {
  url: string;
  /** Deliveries received since the last reset; read without a round trip to the thread. */
  count: () => number;
  /** Connections the worker has opened to the sink, ever. */
  connections: () => number;
  reset: () => Promise<void>;
  /**
   * Latencies (ms, in arrival order), each arrival's time on {@link monotonicMs}, when the gateway
   * received each one's webhook (the wall-clock ms in its event id, a UUIDv7), and the span from
   * the first to the last arrival.
   */
  stats: () => Promise<{ latencies: number[]; arrivals: number[]; received: number[]; spanMs: number }>;
  close: () => Promise<void>;
}

/**
 * The machine's monotonic clock in ms, which every thread and process shares (`performance.timeOrigin`
 * is each one's own reading of the wall clock at start: two processes' readings disagreed by
 * milliseconds, which gave the baseline a negative median latency).
 */
export const monotonicMs = (): number => Number(process.hrtime.bigint()) / 1e6;

type Request = { kind: 'reset' } | { kind: 'stats' } | { kind: 'close' };

/**
 * `keepAliveHint: false` makes the sink answer as nginx or an AWS load balancer do: no
 * `Keep-Alive: timeout=N` header, so the client decides how long an idle connection lasts (the sink
 * never closes one itself). By default it sends `timeout=30`. `tls: true` serves HTTPS at
 * `https://localhost` with {@link LOCALHOST_TLS}'s certificate, which the worker must be told to
 * trust (NODE_EXTRA_CA_CERTS).
 */
export async function startLatencySink(
  options: { keepAliveHint?: boolean; tls?: boolean } = {},
): Promise<LatencySink> {
  // Slot 0: deliveries received, slot 1: connections opened; written by the sink thread, read here.
  const counter = new Int32Array(new SharedArrayBuffer(8));
  const hint = options.keepAliveHint ?? true;
  const tls = options.tls ?? false;
  const worker = new Worker(new URL(import.meta.url), { workerData: { counter, hint, tls } });
  const replies: Array<(value: unknown) => void> = [];
  worker.on('message', (m: unknown) => replies.shift()?.(m));
  const ask = <T>(req: Request): Promise<T> =>
    new Promise<T>((resolve) => {
      replies.push(resolve as (value: unknown) => void);
      worker.postMessage(req);
    });
  const url = await new Promise<string>((resolve, reject) => {
    worker.once('message', (m: { url: string }) => resolve(m.url));
    worker.once('error', reject);
  });
  return {
    url,
    count: () => Atomics.load(counter, 0),
    connections: () => Atomics.load(counter, 1),
    reset: () => ask<void>({ kind: 'reset' }),
    stats: () => ask({ kind: 'stats' }),
    close: async () => {
      await ask<void>({ kind: 'close' });
      await worker.terminate();
    },
  };
}

/** The sink thread. */
function runSink(counter: Int32Array, hint: boolean, tls: boolean): void {
  const port = parentPort;
  if (!port) return;
  let latencies: number[] = [];
  let arrivals: number[] = [];
  let received: number[] = [];
  let first = 0;
  let last = 0;
  const server = (tls ? createTlsServer.bind(null, LOCALHOST_TLS) : createServer)((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const t = monotonicMs();
      const event = JSON.parse(Buffer.concat(chunks).toString()) as { id: string; detail: { t: number } };
      latencies.push(t - event.detail.t);
      arrivals.push(t);
      received.push(uuidv7Time(event.id).getTime());
      Atomics.add(counter, 0, 1);
      first ||= t;
      last = t;
      res.writeHead(200).end();
    });
  });
  // 0: no hint, and no idle timeout of the sink's own.
  server.keepAliveTimeout = hint ? 30_000 : 0;
  server.on(tls ? 'secureConnection' : 'connection', () => Atomics.add(counter, 1, 1));
  server.listen(0, '127.0.0.1', () => {
    const { port: listening } = server.address() as AddressInfo;
    port.postMessage({ url: `${tls ? 'https://localhost' : 'http://127.0.0.1'}:${listening}/sink` });
  });
  port.on('message', (req: Request) => {
    if (req.kind === 'reset') {
      latencies = [];
      arrivals = [];
      received = [];
      first = 0;
      last = 0;
      Atomics.store(counter, 0, 0);
      port.postMessage(null);
    } else if (req.kind === 'stats') {
      port.postMessage({ latencies, arrivals, received, spanMs: last - first });
    } else {
      server.closeAllConnections();
      server.close(() => port.postMessage(null));
    }
  });
}

if (!isMainThread && (workerData as { counter?: Int32Array } | null)?.counter) {
  const data = workerData as { counter: Int32Array; hint: boolean; tls: boolean };
  runSink(data.counter, data.hint, data.tls);
}
