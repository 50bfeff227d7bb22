import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_MAX_CONCURRENCY } from '#libs/domain';
import { registry } from '#libs/observability';
import { HttpSink, waitFor } from '#libs/testing';
import { startHarness, type Harness } from './support/harness.js';
import {
  as,
  createTenant,
  type CreatedSource,
  type Tenant,
  createPipeline,
  sendSigned,
} from './support/fixtures.js';

const parked = async (reason: string): Promise<number> => {
  const m = await registry.getSingleMetric('hookbridge_deliveries_parked_total')?.get();
  return m?.values.find((v) => v.labels.reason === reason)?.value ?? 0;
};

describe('delivery controls: circuit breaker, rate limit, isolation, ordering', () => {
  let h: Harness;
  let t: Tenant;
  let sink: HttpSink;
  before(async () => {
    h = await startHarness({ env: { WORKER_CONCURRENCY: '20' } });
    t = await createTenant(h);
    sink = await new HttpSink().start();
  });
  after(async () => {
    await h.close();
    await sink.stop();
  });

  const pipeline = (targets: object[]): Promise<CreatedSource> => createPipeline(h, t, targets);
  const send = async (s: CreatedSource, body: string) => {
    const res = await sendSigned(h, s, body);
    assert.equal(res.status, 202);
    return res.body.eventId as string;
  };
  const at = (path: string) => sink.requests.filter((r) => r.url === path);

  test('the circuit breaker opens on failures, parks without spending attempts, probes, and closes', async () => {
    let healthy = false;
    const previous = sink.respond;
    sink.respond = (req, i) => (req.url === '/breaker' ? { status: healthy ? 200 : 503 } : previous(req, i));
    const s = await pipeline([
      {
        id: 'b',
        type: 'http',
        http: { url: `${sink.url}/breaker` },
        retryPolicy: { maximumRetryAttempts: 185 },
      },
    ]);
    const before = await parked('CircuitOpen');
    const ids = await Promise.all(Array.from({ length: 12 }, (_, i) => send(s, `{"n":${i}}`)));
    await waitFor(
      'the breaker to open and park deliveries',
      async () => (await parked('CircuitOpen')) > before,
      20_000,
    );
    const callsWhenOpen = at('/breaker').length;
    healthy = true;
    await waitFor(
      'every delivery to succeed after the probe',
      async () => {
        const r = await h.http().get('/v1/deliveries').query({ bus: s.name }).set(as(t.accountToken));
        return r.body.items.filter((d: { state: string }) => d.state === 'succeeded').length === ids.length;
      },
      30_000,
    );
    // While open, deliveries waited instead of hammering the target: far fewer calls than 12 × retries.
    assert.ok(callsWhenOpen < 40, `calls while failing: ${callsWhenOpen}`);
    const list = await h.http().get('/v1/deliveries').query({ bus: s.name }).set(as(t.accountToken));
    for (const d of list.body.items)
      assert.ok(d.attempts <= 6, `parked time is not counted as attempts (${d.attempts})`);
  });

  test('a rate limit holds deliveries within ±10 % of the limit', async () => {
    const limit = 20;
    const s = await pipeline([
      { id: 'r', type: 'http', http: { url: `${sink.url}/rate` }, rateLimitPerSecond: limit },
    ]);
    const n = 60;
    await Promise.all(Array.from({ length: n }, (_, i) => send(s, `{"i":${i}}`)));
    await waitFor('all rate-limited deliveries', () => at('/rate').length >= n, 30_000);
    const times = at('/rate')
      .map((r) => r.receivedAt)
      .sort((a, b) => a - b);
    let maxInSecond = 0;
    for (let i = 0; i < times.length; i++) {
      let j = i;
      while (j < times.length && (times[j] ?? 0) - (times[i] ?? 0) < 1000) j++;
      maxInSecond = Math.max(maxInSecond, j - i);
    }
    const span = ((times[times.length - 1] ?? 0) - (times[0] ?? 0)) / 1000;
    const sustained = (n - 1) / span;
    assert.ok(maxInSecond <= limit * 1.1, `at most ${limit * 1.1} in any second, saw ${maxInSecond}`);
    assert.ok(
      sustained >= limit * 0.9 && sustained <= limit * 1.1,
      `sustained rate ${sustained.toFixed(1)}/s for a limit of ${limit}/s`,
    );
  });

  test('a target that hangs does not delay deliveries to another target', async () => {
    // Requests to the slow target are never answered: each hangs until the client's 60 s timeout
    // (or the end of the test). If deliveries to the fast target waited on the slow one (its slots,
    // its calls, room in the worker), they could land only as those timeouts free things up.
    const hanging = new Set<() => void>();
    let mostAtOnce = 0;
    let ended = 0;
    const slow = new HttpSink();
    await slow.start();
    const server = (slow as unknown as { server: import('node:http').Server }).server;
    server.removeAllListeners('request');
    server.on('request', (_req, res) => {
      const end = () => res.destroy();
      hanging.add(end);
      mostAtOnce = Math.max(mostAtOnce, hanging.size);
      res.on('close', () => {
        if (hanging.delete(end)) ended++;
      });
    });
    try {
      const s = await pipeline([
        { id: 'slow', type: 'http', http: { url: `${slow.url}/hang`, timeoutMs: 60_000 } },
        { id: 'fast', type: 'http', http: { url: `${sink.url}/fast` } },
      ]);
      const events = 200;
      for (let i = 0; i < events; i++) await send(s, `{"k":${i}}`);
      await waitFor('all fast deliveries', () => at('/fast').length >= events, 50_000);
      assert.equal(ended, 0, 'every fast delivery landed while the slow target still hung');
      // Its calls never end, so it comes to hold every slot of its default cap, and no more.
      await waitFor(
        `the slow target to hold its ${DEFAULT_MAX_CONCURRENCY} slots`,
        () => mostAtOnce >= DEFAULT_MAX_CONCURRENCY,
        30_000,
      );
      assert.equal(ended, 0, 'no slow call ended');
      assert.equal(
        mostAtOnce,
        DEFAULT_MAX_CONCURRENCY,
        'the slow target holds at most its cap of slots at once',
      );
    } finally {
      for (const end of [...hanging]) end();
      await slow.stop();
    }
  });

  test('deliveries with the same ordering key go one at a time, in event order', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const order: Array<{ key: string; seq: number }> = [];
    const pending: Array<() => void> = [];
    const slowServer = new HttpSink();
    await slowServer.start();
    const server = (slowServer as unknown as { server: import('node:http').Server }).server;
    server.removeAllListeners('request');
    let calls = 0;
    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString());
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        // The first delivery of key A fails once: its successors must wait for the retry.
        const fail = body.detail.key === 'A' && body.detail.seq === 0 && calls++ === 0;
        pending.push(() => {
          inFlight--;
          if (!fail) order.push({ key: body.detail.key, seq: body.detail.seq });
          res.writeHead(fail ? 503 : 200).end();
        });
        setImmediate(() => pending.shift()?.());
      });
    });
    try {
      const s = await pipeline([
        { id: 'o', type: 'http', http: { url: `${slowServer.url}/o` }, orderingKey: '$.detail.key' },
      ]);
      for (let seq = 0; seq < 5; seq++) {
        for (const key of ['A', 'B']) await send(s, JSON.stringify({ key, seq }));
      }
      await waitFor('all ordered deliveries', () => order.length >= 10, 30_000);
      for (const key of ['A', 'B']) {
        assert.deepEqual(
          order.filter((o) => o.key === key).map((o) => o.seq),
          [0, 1, 2, 3, 4],
          `key ${key} in event order`,
        );
      }
      assert.ok(maxInFlight <= 2, `one in flight per key (max seen ${maxInFlight})`);
    } finally {
      await slowServer.stop();
    }
  });
});
