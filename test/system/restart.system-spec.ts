import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { HttpSink, hmacSignature, TEST_REDIS_URL, waitFor } from '#libs/testing';
import { ProcessHarness, setupPipeline } from '../support/processes-harness.js';

describe('retries survive a worker SIGKILL and a Redis flush', () => {
  let h: ProcessHarness;
  let sink: HttpSink;
  let failing = true;
  before(async () => {
    sink = await new HttpSink().start();
    sink.respond = () => ({ status: failing ? 503 : 200 });
    // Retries 1–2 s apart, so the kill and the flush land while a retry is pending.
    h = await new ProcessHarness().start({
      HOOKBRIDGE_RETRY_BASE_MS: '1000',
      HOOKBRIDGE_RETRY_CAP_MS: '2000',
      HOOKBRIDGE_SWEEP_INTERVAL_MS: '500',
      HOOKBRIDGE_SWEEP_GRACE_MS: '500',
    });
  });
  after(async () => {
    await h.close();
    await sink.stop();
  });

  const send = async (p: Awaited<ReturnType<typeof setupPipeline>>, body: string) => {
    const res = await fetch(p.ingestUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-signature': hmacSignature(p.secret, body) },
      body,
    });
    assert.equal(res.status, 202);
    return ((await res.json()) as { eventId: string }).eventId;
  };
  const attemptsOf = async (eventId: string) =>
    (
      await h.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM attempts a JOIN deliveries d ON d.id = a.delivery_id WHERE d.event_id = $1',
        [eventId],
      )
    )[0]?.n ?? 0;

  test('a worker killed with SIGKILL mid-retry: the next worker makes the retry', async () => {
    const p = await setupPipeline(h, `${sink.url}/kill`);
    const worker = h.spawn('worker');
    const eventId = await send(p, '{"case":"kill"}');
    await waitFor('a first failed attempt', async () => (await attemptsOf(eventId)) >= 1, 20_000).catch(
      (e: Error) => {
        throw new Error(`${e.message}\n${h.logs()}`);
      },
    );
    await worker.stop('SIGKILL');
    failing = false;
    h.spawn('worker');
    await waitFor(
      'the delivery to succeed on the new worker',
      async () => {
        const [d] = await h.query<{ state: string }>('SELECT state FROM deliveries WHERE event_id = $1', [
          eventId,
        ]);
        return d?.state === 'succeeded';
      },
      30_000,
    ).catch((e: Error) => {
      throw new Error(`${e.message}\n${h.logs()}`);
    });
    assert.ok(sink.requests.some((r) => r.url === '/kill' && JSON.parse(r.body).id === eventId));
  });

  test('Redis flushed while a retry is pending: the sweeper re-enqueues it from PostgreSQL', async () => {
    failing = true;
    const p = await setupPipeline(h, `${sink.url}/flush`);
    const eventId = await send(p, '{"case":"flush"}');
    await waitFor('a first failed attempt', async () => (await attemptsOf(eventId)) >= 1, 20_000);
    // Every key of this test's prefix: queued jobs, delayed retries, schedulers — all gone.
    const redis = new Redis(TEST_REDIS_URL);
    try {
      const keys = await redis.keys(`${h.redis.prefix}*`);
      if (keys.length) await redis.del(...keys);
    } finally {
      redis.disconnect();
    }
    failing = false;
    await waitFor(
      'the delivery to succeed after the flush',
      async () => {
        const [d] = await h.query<{ state: string }>('SELECT state FROM deliveries WHERE event_id = $1', [
          eventId,
        ]);
        return d?.state === 'succeeded';
      },
      45_000,
    ).catch((e: Error) => {
      throw new Error(`${e.message}\n${h.logs()}`);
    });
  });
});
