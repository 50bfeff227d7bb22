import pg from 'pg';
import {
  createTestDatabase,
  createTestRedisPrefix,
  freePort,
  NodeProcess,
  TEST_REDIS_URL,
  waitFor,
} from '#libs/testing';
import { fileURLToPath } from 'node:url';

const dist = (p: string) => fileURLToPath(new URL(`../../../${p}`, import.meta.url));

/** Where the processes keep their data; by default a fresh database and prefix on the test services. */
export interface ProcessHarnessServices {
  /** A migrated database the caller owns (it is not dropped on close). */
  databaseUrl?: string;
  /** A Redis of the caller's own (keys under the prefix are not cleaned up on close). */
  redisUrl?: string;
}

/** Hookbridge as real processes (built code) on its own database and Redis prefix. */
export class ProcessHarness {
  readonly procs: NodeProcess[] = [];
  base = '';
  env: Record<string, string> = {};
  db?: Awaited<ReturnType<typeof createTestDatabase>>;
  redis = createTestRedisPrefix();

  constructor(private readonly services: ProcessHarnessServices = {}) {}

  get databaseUrl(): string {
    return this.services.databaseUrl ?? this.db?.url ?? '';
  }

  async start(extraEnv: Record<string, string> = {}): Promise<this> {
    if (!this.services.databaseUrl) this.db = await createTestDatabase();
    const port = await freePort();
    this.base = `http://127.0.0.1:${port}`;
    this.env = {
      NODE_ENV: 'test',
      DATABASE_URL: this.databaseUrl,
      REDIS_URL: this.services.redisUrl ?? TEST_REDIS_URL,
      QUEUE_PREFIX: this.redis.prefix,
      PORT: String(port),
      HOST: '127.0.0.1',
      HOOKBRIDGE_PUBLIC_URL: this.base,
      HOOKBRIDGE_TARGET_ALLOWLIST: '127.0.0.0/8',
      LOG_LEVEL: 'warn',
      ...extraEnv,
    };
    const gateway = this.spawn('gateway');
    try {
      const state = await waitFor(
        'the gateway to be ready',
        async () => (gateway.running ? (await fetch(`${this.base}/health/ready`)).ok && 'ready' : 'exited'),
        30_000,
      );
      if (state === 'exited') throw new Error('the gateway exited before it was ready');
    } catch (err) {
      // A start that fails leaves nothing behind: no process, database or Redis keys of its own.
      const logs = this.logs();
      await this.close();
      throw new Error(`${(err as Error).message}\n${logs}`, { cause: err });
    }
    return this;
  }

  spawn(kind: 'gateway' | 'worker', env: Record<string, string> = {}): NodeProcess {
    const p = new NodeProcess(kind, dist(`dist/apps/${kind}/src/main.js`), { ...this.env, ...env }).start();
    this.procs.push(p);
    return p;
  }

  async call(
    method: string,
    path: string,
    token: string,
    body?: unknown,
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  }

  async query<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
    const c = new pg.Client({ connectionString: this.databaseUrl });
    // A server going away mid-query rejects the query; without a listener it would also crash the test.
    c.on('error', () => undefined);
    await c.connect();
    try {
      return (await c.query<T>(sql, params)).rows;
    } finally {
      await c.end();
    }
  }

  logs(): string {
    return this.procs.map((p) => `--- ${p.name}\n${p.tail()}`).join('\n');
  }

  async close(): Promise<void> {
    for (const p of this.procs) await p.stop('SIGKILL').catch(() => undefined);
    if (!this.services.redisUrl) await this.redis.cleanup();
    await this.db?.drop();
  }
}

/** Admin → account, partner, keys, an associated hmac source with one rule and an HTTP target. */
export async function setupPipeline(
  h: ProcessHarness,
  targetUrl: string,
  extraTarget: Record<string, unknown> = {},
) {
  const admin = 'dev-admin-token';
  const accountId = (await h.call('POST', '/v1/accounts', admin, { name: 'sys' })).body.accountId as string;
  await h.call('POST', '/v1/partners', admin, { name: 'sys.example.com' });
  const accountToken = (await h.call('POST', '/v1/api-keys', admin, { accountId })).body.token as string;
  const partnerToken = (await h.call('POST', '/v1/api-keys', admin, { partner: 'sys.example.com' })).body
    .token as string;
  const name = `aws.partner/sys.example.com/s${Date.now()}`;
  const source = await h.call('POST', '/v1/partner-event-sources', partnerToken, {
    name,
    account: accountId,
  });
  const bus = encodeURIComponent(name);
  await h.call('POST', '/v1/event-buses', accountToken, { name, eventSourceName: name });
  await h.call('PUT', `/v1/event-buses/${bus}/rules/all`, accountToken, { eventPattern: { source: [name] } });
  const t = await h.call('PUT', `/v1/event-buses/${bus}/rules/all/targets`, accountToken, {
    targets: [{ id: 't', type: 'http', http: { url: targetUrl }, ...extraTarget }],
  });
  if (t.body.failedEntryCount !== 0) throw new Error(JSON.stringify(t.body));
  const s = source.body as { ingestUrl: string; verification: { secrets: Array<{ secret: string }> } };
  return {
    accountId,
    accountToken,
    name,
    ingestUrl: s.ingestUrl,
    secret: s.verification.secrets[0]?.secret ?? '',
  };
}
