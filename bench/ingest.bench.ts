import { spawn } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import {
  createTestDatabase,
  createTestRedisPrefix,
  freePort,
  NodeProcess,
  TEST_REDIS_URL,
  waitFor,
} from '#libs/testing';
import { BENCH_LIMITS } from './lib/pipeline-bench.js';
import { type LoadResult, median, type RequestSpec, saturate, steady } from './lib/load.js';
import { arg } from './lib/args.js';

/**
 * bench:ingest — signed GitHub webhooks (~1 KB) against the gateway alone (no worker), and the same
 * load against a bare node:http + HMAC + BullMQ-add server started in the same run as the baseline.
 * Prints one JSON line. Options: --runs N (default 1), --seconds S (default 8), --rate R (1000),
 * --connections C (50: closed-loop clients at saturation; the group commit batches more with more).
 */
const runs = arg('runs', 1);
const seconds = arg('seconds', 8);
const rate = arg('rate', 1000);
const connections = arg('connections', 50);
const dist = (p: string) => fileURLToPath(new URL(`../${p}`, import.meta.url));

const payload = (id: string) =>
  JSON.stringify({
    ref: 'refs/heads/main',
    before: '6113728f27ae82c7b1a177c8d03f9e96e0adf246',
    after: '59b20b8d5c6ff8d09518216e7a3c6a1a2f8b5c4e',
    delivery: id,
    repository: {
      id: 186853002,
      name: 'hookbridge',
      full_name: 'acme/hookbridge',
      private: false,
      html_url: 'https://github.com/acme/hookbridge',
      default_branch: 'main',
    },
    pusher: { name: 'octocat', email: 'octocat@github.com' },
    sender: {
      login: 'octocat',
      id: 583231,
      type: 'User',
      site_admin: false,
      html_url: 'https://github.com/octocat',
    },
    head_commit: {
      id: '59b20b8d5c6ff8d09518216e7a3c6a1a2f8b5c4e',
      message: 'Update README.md with the quick start',
      timestamp: '2026-11-27T10:00:00Z',
      author: { name: 'Mona', email: 'mona@github.com', username: 'mona' },
      added: [],
      removed: [],
      modified: ['README.md'],
    },
    compare: 'https://github.com/acme/hookbridge/compare/6113728f27ae...59b20b8d5c6f',
    padding: 'x'.repeat(180),
  });

function requests(path: string, secret: string): () => RequestSpec {
  return () => {
    const id = randomUUID();
    const body = payload(id);
    return {
      path,
      body,
      headers: {
        'content-type': 'application/json',
        'x-github-event': 'push',
        'x-github-delivery': id,
        'x-hub-signature-256': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
      },
    };
  };
}

async function measure(
  base: string,
  next: () => RequestSpec,
): Promise<{ saturation: LoadResult; steady: LoadResult }> {
  await saturate(base, next, 20, 1); // warm-up
  const sat = await saturate(base, next, connections, seconds);
  const st = await steady(base, next, rate, seconds);
  return { saturation: sat, steady: st };
}

async function main(): Promise<void> {
  const db = await createTestDatabase();
  const redis = createTestRedisPrefix();
  const [gwPort, rawPort] = [await freePort(), await freePort()];
  const gwBase = `http://127.0.0.1:${gwPort}`;
  const gateway = new NodeProcess('gateway', dist('apps/gateway/src/main.js'), {
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: redis.prefix,
    PORT: String(gwPort),
    HOST: '127.0.0.1',
    HOOKBRIDGE_PUBLIC_URL: gwBase,
    LOG_LEVEL: 'warn',
    ...BENCH_LIMITS,
  }).start();
  const secret = 'bench-secret-0123456789';
  const baseline = spawn(
    process.execPath,
    [dist('bench/baseline/raw-ingest-server.js'), String(rawPort), TEST_REDIS_URL, redis.prefix, secret],
    { stdio: 'ignore' },
  );
  try {
    await waitFor('gateway ready', async () => (await fetch(`${gwBase}/health/ready`)).ok, 30_000);
    await waitFor(
      'baseline ready',
      async () => (await fetch(`http://127.0.0.1:${rawPort}/`, { method: 'POST' })).status === 401,
      30_000,
    );
    const admin = { authorization: 'Bearer dev-admin-token', 'content-type': 'application/json' };
    const post = async (path: string, body: unknown, headers: Record<string, string> = admin) =>
      (
        await fetch(`${gwBase}${path}`, { method: 'POST', headers, body: JSON.stringify(body) })
      ).json() as Promise<Record<string, string>>;
    const { accountId } = await post('/v1/accounts', { name: 'bench' });
    await post('/v1/partners', { name: 'github.com', scheme: 'github' });
    const { token } = await post('/v1/api-keys', { partner: 'github.com' });
    const source = await post(
      '/v1/partner-event-sources',
      {
        name: 'aws.partner/github.com/bench/repo',
        account: accountId,
        verification: { scheme: 'github', secrets: [secret] },
      },
      { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    );
    const ingestPath = new URL(String(source.ingestUrl)).pathname;

    const gw: Array<Awaited<ReturnType<typeof measure>>> = [];
    const bl: Array<Awaited<ReturnType<typeof measure>>> = [];
    for (let r = 0; r < runs; r++) {
      gw.push(await measure(gwBase, requests(ingestPath, secret)));
      bl.push(await measure(`http://127.0.0.1:${rawPort}`, requests('/', secret)));
    }
    const summary = (ms: typeof gw) => ({
      saturationAcceptedPerSecond: median(ms.map((m) => m.saturation.acceptedPerSecond)),
      saturationP99Ms: median(ms.map((m) => m.saturation.p99Ms)),
      steadyRate: rate,
      steadyP50Ms: median(ms.map((m) => m.steady.p50Ms)),
      steadyP99Ms: median(ms.map((m) => m.steady.p99Ms)),
      statuses: ms[ms.length - 1]?.saturation.statuses,
      errors: ms.reduce((n, m) => n + m.saturation.errors + m.steady.errors, 0),
    });
    const g = summary(gw);
    const b = summary(bl);
    console.log(
      JSON.stringify({
        bench: 'ingest',
        runs,
        seconds,
        connections,
        gateway: g,
        baseline: b,
        ratioToBaseline:
          Math.round((g.saturationAcceptedPerSecond / Math.max(1, b.saturationAcceptedPerSecond)) * 100) /
          100,
        node: process.version,
      }),
    );
  } finally {
    baseline.kill('SIGTERM');
    await gateway.stop('SIGTERM').catch(() => undefined);
    await redis.cleanup();
    await db.drop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
