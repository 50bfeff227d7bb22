import { after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hmacSignature, type NodeProcess, waitFor } from '#libs/testing';
import { ProcessHarness, setupPipeline } from './processes-harness.js';

// What the graceful-shutdown specs share: a target that answers when told to and counts what
// arrived per event id, signed webhooks, SIGTERM with a stopwatch, and a fresh set of real processes
// for each test.

export type Pipeline = Awaited<ReturnType<typeof setupPipeline>>;

/**
 * An HTTP target that answers each delivery after `delayMs(eventId)` milliseconds (undefined: not
 * until the caller hangs up) and counts, per event id, the deliveries that arrived and were answered.
 */
export class DelayedSink {
  readonly arrived = new Map<string, number>();
  readonly answered = new Map<string, number>();
  /** Deliveries that arrived and are not answered yet. */
  readonly open = new Set<string>();
  delayMs: (eventId: string) => number | undefined = () => 0;
  private readonly server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const id = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id: string }).id;
      this.arrived.set(id, (this.arrived.get(id) ?? 0) + 1);
      this.open.add(id);
      res.on('close', () => this.open.delete(id));
      const delay = this.delayMs(id);
      if (delay === undefined) return;
      setTimeout(() => {
        if (res.destroyed) return;
        this.answered.set(id, (this.answered.get(id) ?? 0) + 1);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      }, delay);
    });
  });

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  /** Event ids that arrived more than once. */
  duplicates(): string[] {
    return [...this.arrived].filter(([, n]) => n > 1).map(([id]) => id);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** Posts a signed webhook to the pipeline's source. */
export const send = async (p: Pipeline, payload: object): Promise<Response> => {
  const body = JSON.stringify(payload);
  return fetch(p.ingestUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-signature': hmacSignature(p.secret, body) },
    body,
  });
};

/** Posts a signed webhook, asserts a 202 and returns the event id. */
export const accept = async (p: Pipeline, payload: object): Promise<string> => {
  const res = await send(p, payload);
  assert.equal(res.status, 202, await res.clone().text());
  return ((await res.json()) as { eventId: string }).eventId;
};

/** Sends SIGTERM and returns the exit code and how long the process took to exit. */
export async function terminate(
  proc: NodeProcess,
  timeoutMs: number,
): Promise<{ code: number | null; ms: number }> {
  const started = Date.now();
  const code = await proc.stop('SIGTERM', timeoutMs);
  return { code, ms: Date.now() - started };
}

/**
 * Registers the calling spec file's `after` and returns `setUp`: for each test, a DelayedSink and a
 * gateway (no worker yet) with a pipeline to it, all closed after the file.
 */
export function useShutdownSetUp() {
  const harnesses: ProcessHarness[] = [];
  const sinks: DelayedSink[] = [];
  after(async () => {
    for (const h of harnesses) await h.close();
    for (const s of sinks) await s.stop();
  });

  return async (env: Record<string, string>) => {
    const sink = await new DelayedSink().start();
    sinks.push(sink);
    const h = new ProcessHarness();
    harnesses.push(h);
    await h.start({ HOOKBRIDGE_SWEEP_INTERVAL_MS: '500', HOOKBRIDGE_SWEEP_GRACE_MS: '1000', ...env });
    const p = await setupPipeline(h, sink.url);
    const fail = (e: Error) => {
      throw new Error(`${e.message}\n${h.logs()}`);
    };
    /** Waits until every event in PostgreSQL is routed and every delivery has succeeded. */
    const settled = (timeoutMs: number) =>
      waitFor(
        'every event routed and every delivery succeeded',
        async () => {
          const [r] = await h.query<{ unrouted: number; unfinished: number }>(
            `SELECT (SELECT count(*) FROM events WHERE state <> 'routed')::int AS unrouted,
                    (SELECT count(*) FROM deliveries WHERE state <> 'succeeded')::int AS unfinished`,
          );
          return r?.unrouted === 0 && r.unfinished === 0;
        },
        timeoutMs,
      ).catch(fail);
    return { h, p, sink, fail, settled };
  };
}
