import http from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import {
  createTempDir,
  hmacSignature,
  HttpSink,
  NodeProcess,
  PostgresServer,
  RedisServer,
  waitFor,
} from '#libs/testing';
import { ProcessHarness, setupPipeline } from './processes-harness.js';

const dist = (p: string) => fileURLToPath(new URL(`../../../${p}`, import.meta.url));

/**
 * Hookbridge as real processes — one gateway, two workers — over a PostgreSQL and a Redis that the
 * test starts itself (free ports, data under a temp dir), so any of them can be killed, restarted or
 * flushed without touching the machine's services.
 */
export class CrashStack {
  private tmp?: ReturnType<typeof createTempDir>;
  pg?: PostgresServer;
  redis?: RedisServer;
  h?: ProcessHarness;
  readonly workers: NodeProcess[] = [];
  private probes?: Queue[];

  async start(env: Record<string, string>, workers = 2): Promise<this> {
    this.tmp = createTempDir('hb-crash-');
    // fsync=off: the suite kills processes, never the machine, and a killed process's writes are
    // already in the OS page cache; committing still writes the WAL before a 202 is answered.
    this.pg = await PostgresServer.start(join(this.tmp.path, 'pg'), { fsync: 'off', max_connections: '200' });
    this.redis = await RedisServer.start(join(this.tmp.path, 'redis'));
    const databaseUrl = this.pg.url('hookbridge');
    const migrate = new NodeProcess('migrate', dist('dist/libs/db/migrate.main.js'), {
      NODE_ENV: 'test',
      DATABASE_URL: databaseUrl,
    });
    if ((await migrate.run(60_000)) !== 0) throw new Error(`migrate failed\n${migrate.tail()}`);
    this.h = await new ProcessHarness({ databaseUrl, redisUrl: this.redis.url }).start(env);
    for (let i = 0; i < workers; i++) this.workers.push(this.h.spawn('worker'));
    // Only to count the workers connected to each queue (see waitForWorkers).
    const options = {
      connection: { url: this.redis.url, maxRetriesPerRequest: null },
      prefix: this.h.redis.prefix,
    };
    this.probes = ['route', 'deliver'].map((q) => new Queue(q, options).on('error', () => undefined));
    await this.waitForWorkers(workers);
    return this;
  }

  get harness(): ProcessHarness {
    if (!this.h) throw new Error('the stack is not started');
    return this.h;
  }

  /** Waits until `count` worker processes consume both the route and the deliver queue. */
  async waitForWorkers(count: number, timeoutMs = 60_000): Promise<void> {
    await waitFor(
      `${count} worker(s) connected to the route and deliver queues`,
      async () => {
        for (const q of this.probes ?? []) if ((await q.getWorkersCount()) !== count) return false;
        return true;
      },
      timeoutMs,
      100,
    );
  }

  /** Waits until the gateway answers /health/ready with 200 (`false`: with an error). */
  async waitForGateway(ready: boolean, timeoutMs = 60_000): Promise<void> {
    await waitFor(
      `the gateway to report ${ready ? 'ready' : 'not ready'}`,
      async () => (await fetch(`${this.harness.base}/health/ready`)).ok === ready,
      timeoutMs,
      50,
    );
  }

  /** SIGKILLs the oldest worker, waits until its queues see it gone, and starts a new one. */
  async restartWorker(): Promise<void> {
    const victim = this.workers.shift();
    await victim?.stop('SIGKILL');
    await this.waitForWorkers(this.workers.length);
    this.workers.push(this.harness.spawn('worker'));
    await this.waitForWorkers(this.workers.length);
  }

  /** SIGKILLs the gateway and starts a new one on the same port. */
  async restartGateway(): Promise<void> {
    const gateway = this.harness.procs.find((p) => p.name === 'gateway' && p.running);
    await gateway?.stop('SIGKILL');
    this.harness.spawn('gateway');
    await this.waitForGateway(true);
  }

  logs(): string {
    return [this.harness.logs(), this.pg?.tail(), this.redis?.tail()].filter(Boolean).join('\n');
  }

  async close(): Promise<void> {
    for (const q of this.probes ?? []) await q.close().catch(() => undefined);
    await this.h?.close().catch(() => undefined);
    await this.redis?.stop().catch(() => undefined);
    await this.pg?.stop().catch(() => undefined);
    this.tmp?.remove();
  }
}

/** Where webhooks go: one ingest URL and its signing secret per source. */
export interface SendTarget {
  url: string;
  secret: string;
}

const REQUEST_TIMEOUT_MS = 10_000;
const RETRY_CAP_MS = 2_000;

type Answer = { status: number; body: { eventId?: string; duplicate?: boolean } } | { error: string };

function post(
  agent: http.Agent,
  url: string,
  headers: Record<string, string>,
  body: string,
): Promise<Answer> {
  return new Promise((resolve) => {
    const req = http.request(url, { method: 'POST', agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', (err) => resolve({ error: err.message }));
      res.on('end', () => {
        let parsed: { eventId?: string; duplicate?: boolean } = {};
        try {
          parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof parsed;
        } catch {
          // A non-JSON answer (a dying process) is judged by its status alone.
        }
        resolve({ status: res.statusCode ?? 0, body: parsed });
      });
    });
    req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error('timeout')));
    req.on('error', (err) => resolve({ error: err.message }));
    req.end(body);
  });
}

/**
 * Sends `total` signed webhooks at an even `rate` (webhook i is due at t0 + i/rate, whatever
 * happened to earlier ones), each carrying its number `n`, round-robin over the targets. Like a
 * partner, it retries every webhook that was not accepted with the same bytes, so one committed
 * before its answer was lost comes back as a 200 duplicate with the original event id.
 */
export class WebhookSender {
  /** `sent` counts webhooks (first attempts), `attempts` every request. */
  readonly stats = {
    sent: 0,
    attempts: 0,
    accepted: 0,
    /** Accepted as `200 duplicate`: committed by an earlier attempt whose answer was lost. */
    acceptedAsDuplicate: 0,
    /** Answers that did not accept the webhook, by status. */
    refused: {} as Record<string, number>,
    connectionErrors: 0,
    timeouts: 0,
  };
  /** The event id the gateway gave each webhook, by webhook number. */
  readonly eventIds: string[] = [];
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  private stopped = false;

  constructor(
    private readonly targets: SendTarget[],
    readonly total: number,
    readonly rate: number,
  ) {}

  /** Requests that did not accept a webhook so far (any status, error or timeout). */
  get failures(): number {
    const refused = Object.values(this.stats.refused).reduce((a, b) => a + b, 0);
    return refused + this.stats.connectionErrors + this.stats.timeouts;
  }

  /** Resolves once every webhook is sent and accepted (or the sender is stopped). */
  async run(): Promise<void> {
    const all: Array<Promise<void>> = [];
    const t0 = performance.now();
    await new Promise<void>((resolve) => {
      const tick = () => {
        const due = Math.min(this.total, Math.floor(((performance.now() - t0) / 1000) * this.rate));
        while (this.stats.sent < due && !this.stopped) all.push(this.send(this.stats.sent++));
        if (this.stats.sent >= this.total || this.stopped) resolve();
        else setTimeout(tick, 5);
      };
      tick();
    });
    await Promise.all(all);
    this.agent.destroy();
  }

  /** Gives up: no new webhooks, no more retries, open requests aborted. */
  stop(): void {
    this.stopped = true;
    this.agent.destroy();
  }

  private async send(n: number): Promise<void> {
    const target = this.targets[n % this.targets.length] as SendTarget;
    const body = JSON.stringify({ n, order: `o-${n}`, lines: [{ sku: 'sku-1', qty: 1 + (n % 7) }] });
    const headers = { 'content-type': 'application/json', 'x-signature': hmacSignature(target.secret, body) };
    for (let attempt = 0; !this.stopped; attempt++) {
      this.stats.attempts++;
      const answer = await post(this.agent, target.url, headers, body);
      if ('status' in answer) {
        const duplicate = answer.status === 200 && answer.body.duplicate === true;
        if ((answer.status === 202 || duplicate) && answer.body.eventId) {
          this.eventIds[n] = answer.body.eventId;
          this.stats.accepted++;
          if (duplicate) this.stats.acceptedAsDuplicate++;
          return;
        }
        this.stats.refused[answer.status] = (this.stats.refused[answer.status] ?? 0) + 1;
      } else if (answer.error === 'timeout') this.stats.timeouts++;
      else this.stats.connectionErrors++;
      // The partner's own retry policy (not a test wait): 100 ms, doubling, capped.
      await new Promise((r) => setTimeout(r, Math.min(RETRY_CAP_MS, 100 * 2 ** attempt)));
    }
  }
}

/** The webhook number `n` in a delivered event's detail, if it is one of ours. */
function webhookNumber(body: string): number | undefined {
  try {
    const n = (JSON.parse(body) as { detail?: { n?: unknown } }).detail?.n;
    return typeof n === 'number' ? n : undefined;
  } catch {
    return undefined;
  }
}

/** An HTTP sink that counts, per webhook number, how many times its event was delivered. */
export class SinkLedger {
  readonly sink = new HttpSink();
  /** Deliveries per webhook number. */
  readonly counts = new Map<number, number>();
  deliveries = 0;
  /** Bodies that did not carry a webhook number (should stay 0). */
  unknown = 0;

  async start(): Promise<this> {
    await this.sink.start();
    this.sink.respond = (req) => {
      this.deliveries++;
      const n = webhookNumber(req.body);
      if (n === undefined) this.unknown++;
      else this.counts.set(n, (this.counts.get(n) ?? 0) + 1);
      // Only counts are needed; dropping the bodies keeps 20 000+ of them out of memory.
      this.sink.requests.length = 0;
      return { status: 200 };
    };
    return this;
  }

  /** Webhook numbers below `total` that never reached the sink. */
  missing(total: number): number[] {
    const out: number[] = [];
    for (let n = 0; n < total; n++) if (!this.counts.has(n)) out.push(n);
    return out;
  }

  /** Webhooks delivered more than once, and the deliveries beyond the first. */
  duplicates(): { webhooks: number; extraDeliveries: number } {
    let webhooks = 0;
    let extraDeliveries = 0;
    for (const c of this.counts.values())
      if (c > 1) {
        webhooks++;
        extraDeliveries += c - 1;
      }
    return { webhooks, extraDeliveries };
  }

  stop(): Promise<void> {
    return this.sink.stop();
  }
}

/** Two sources (two accounts), each with a rule whose HTTP target is the sink. */
export async function setupTargets(stack: CrashStack, sinkUrl: string): Promise<SendTarget[]> {
  const out: SendTarget[] = [];
  for (const path of ['a', 'b']) {
    const p = await setupPipeline(stack.harness, `${sinkUrl}/${path}`);
    out.push({ url: p.ingestUrl, secret: p.secret });
  }
  return out;
}
