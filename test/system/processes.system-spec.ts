import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import {
  HttpSink,
  NodeProcess,
  TEST_REDIS_URL,
  createTestDatabase,
  createTestRedisPrefix,
  freePort,
  hmacSignature,
  waitFor,
} from '#libs/testing';

const dist = (p: string) => fileURLToPath(new URL(`../../../${p}`, import.meta.url));

describe('the built gateway, worker and migrate as real processes', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let redis: ReturnType<typeof createTestRedisPrefix>;
  let sink: HttpSink;
  let env: Record<string, string>;
  let base: string;
  const procs: NodeProcess[] = [];

  before(async () => {
    db = await createTestDatabase({ migrated: false });
    redis = createTestRedisPrefix();
    sink = await new HttpSink().start();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    env = {
      NODE_ENV: 'test',
      DATABASE_URL: db.url,
      REDIS_URL: TEST_REDIS_URL,
      QUEUE_PREFIX: redis.prefix,
      PORT: String(port),
      HOST: '127.0.0.1',
      HOOKBRIDGE_PUBLIC_URL: base,
      HOOKBRIDGE_TARGET_ALLOWLIST: '127.0.0.0/8',
      HOOKBRIDGE_RETRY_BASE_MS: '50',
      LOG_LEVEL: 'warn',
    };
  });

  after(async () => {
    for (const p of procs) await p.stop('SIGKILL').catch(() => undefined);
    await sink.stop();
    await redis.cleanup();
    await db.drop();
  });

  const call = async (method: string, path: string, token: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  };

  test('migrate, then one webhook from ingest to the sink; SIGTERM stops both cleanly', async () => {
    const migrate = new NodeProcess('migrate', dist('dist/libs/db/migrate.main.js'), env);
    assert.equal(await migrate.run(), 0, migrate.tail());
    assert.equal(
      await new NodeProcess('migrate again', dist('dist/libs/db/migrate.main.js'), env).run(),
      0,
      'migrating twice is a no-op',
    );

    const gateway = new NodeProcess('gateway', dist('dist/apps/gateway/src/main.js'), env).start();
    // The worker has no API; its routing and delivery metrics have a listener of their own.
    const workerMetrics = `http://127.0.0.1:${await freePort()}/metrics`;
    const worker = new NodeProcess('worker', dist('dist/apps/worker/src/main.js'), {
      ...env,
      WORKER_METRICS_PORT: new URL(workerMetrics).port,
    }).start();
    procs.push(gateway, worker);
    await waitFor(
      'the gateway to be ready',
      async () => (await fetch(`${base}/health/ready`)).ok,
      30_000,
    ).catch((e: Error) => {
      throw new Error(`${e.message}\n${gateway.tail()}`);
    });

    const adminToken = 'dev-admin-token';
    const account = await call('POST', '/v1/accounts', adminToken, { name: 'system' });
    assert.equal(account.status, 201);
    const accountId = account.body.accountId as string;
    assert.equal(
      (await call('POST', '/v1/partners', adminToken, { name: 'system.example.com' })).status,
      201,
    );
    const accountToken = (await call('POST', '/v1/api-keys', adminToken, { accountId })).body.token as string;
    const partnerToken = (await call('POST', '/v1/api-keys', adminToken, { partner: 'system.example.com' }))
      .body.token as string;
    const name = 'aws.partner/system.example.com/orders';
    const source = await call('POST', '/v1/partner-event-sources', partnerToken, {
      name,
      account: accountId,
    });
    assert.equal(source.status, 201);
    const bus = encodeURIComponent(name);
    assert.equal(
      (await call('POST', '/v1/event-buses', accountToken, { name, eventSourceName: name })).status,
      201,
    );
    assert.equal(
      (
        await call('PUT', `/v1/event-buses/${bus}/rules/all`, accountToken, {
          eventPattern: { source: [name] },
        })
      ).status,
      200,
    );
    const targets = await call('PUT', `/v1/event-buses/${bus}/rules/all/targets`, accountToken, {
      targets: [{ id: 'sink', type: 'http', http: { url: `${sink.url}/system` } }],
    });
    assert.equal(targets.body.failedEntryCount, 0);

    const ingestUrl = (source.body as { ingestUrl: string }).ingestUrl;
    const secret =
      (source.body as { verification: { secrets: Array<{ secret: string }> } }).verification.secrets[0]
        ?.secret ?? '';
    const payload = '{"order":"o-1","total":250}';
    const res = await fetch(ingestUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-signature': hmacSignature(secret, payload) },
      body: payload,
    });
    assert.equal(res.status, 202);
    const { eventId } = (await res.json()) as { eventId: string };

    const [delivered] = await sink.waitForRequests(1, 20_000).catch((e: Error) => {
      throw new Error(`${e.message}\n--- gateway\n${gateway.tail()}\n--- worker\n${worker.tail()}`);
    });
    assert.equal(JSON.parse(delivered?.body ?? '{}').id, eventId);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    assert.match(metrics, /hookbridge_ingest_requests_total\{outcome="accepted"\} 1/);
    const fromWorker = await waitFor(
      'the worker to count the delivery',
      async () => {
        const text = await (await fetch(workerMetrics)).text();
        const done = /^hookbridge_deliveries_total\{target_type="http",outcome="succeeded"\} 1$/m;
        return done.test(text) ? text : undefined;
      },
      10_000,
    );
    assert.match(fromWorker, /^hookbridge_events_routed_total\{result="routed"\} 1$/m);
    assert.match(fromWorker, /^hookbridge_event_to_delivery_seconds_count 1$/m);
    assert.match(fromWorker, /^hookbridge_route_queue_wait_seconds_count 1$/m, 'its route job waited once');

    assert.equal(await gateway.stop('SIGTERM'), 0, gateway.tail());
    assert.equal(await worker.stop('SIGTERM'), 0, worker.tail());
  });
});
