import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { Redis } from 'ioredis';
import type pg from 'pg';
import { HttpSink, TEST_REDIS_URL, waitFor } from '#libs/testing';
import { FirstAttempts } from '../apps/worker/src/deliver/first-attempts.js';
import { TargetAdmission } from '../apps/worker/src/deliver/target-admission.js';
import { query as dbQuery } from './support/archive-fixtures.js';
import { as, createPipeline, createTenant, enc, sendSigned, type Tenant } from './support/fixtures.js';
import { type Harness, startHarness } from './support/harness.js';

/**
 * The worker's fast path: the events of one group commit are routed by one job, a delivery's first
 * attempt runs in the worker that routed it (no deliver job, no claim), a target at its cap makes
 * routed deliveries wait in the process while it makes progress, a stopping worker finishes the
 * first attempts it started, and a route job carries its events, whose source is checked again when
 * they are routed.
 */
describe('worker fast path: batched routing and first attempts without a job', () => {
  let h: Harness;
  let t: Tenant;
  let sink: HttpSink;
  let redis: Redis;
  before(async () => {
    sink = await new HttpSink().start();
    h = await startHarness({ worker: false });
    t = await createTenant(h);
    redis = new Redis(TEST_REDIS_URL);
  });
  after(async () => {
    redis.disconnect();
    await h.close();
    await sink.stop();
  });

  const query = <T extends pg.QueryResultRow>(sql: string, params: unknown[] = []) =>
    dbQuery<T>(h, sql, params);
  const key = (...parts: string[]) => [h.config.queuePrefix, ...parts].join(':');

  test('webhooks committed together are routed by one job; their first attempts add no deliver job', async () => {
    const s = await createPipeline(h, t, [{ id: 'fast', type: 'http', http: { url: `${sink.url}/fast` } }]);
    // No worker yet: the route jobs wait in Redis where they can be read.
    const sent = await Promise.all(
      Array.from({ length: 40 }, (_, i) => sendSigned(h, s, { n: i }).expect(202)),
    );
    const ids = sent.map((r) => r.body.eventId as string);
    // A route job is added just after its commit answers (lingering ~2 ms for the next commits).
    let jobIds: string[] = [];
    let routed: string[] = [];
    await waitFor('route jobs for every accepted event', async () => {
      jobIds = await redis.lrange(key('route', 'wait'), 0, -1);
      routed = [];
      for (const id of jobIds) {
        const data = JSON.parse((await redis.hget(key('route', id), 'data')) ?? '{}') as {
          eventIds: string[];
        };
        routed.push(...data.eventIds);
      }
      return routed.length >= ids.length;
    });
    assert.deepEqual([...routed].sort(), [...ids].sort(), 'every accepted event is in exactly one route job');
    assert.ok(jobIds.length < ids.length, `${ids.length} events in ${jobIds.length} route jobs`);

    await h.startWorker();
    await waitFor(
      '40 deliveries at the sink',
      () => sink.requests.filter((r) => r.url === '/fast').length >= 40,
      30_000,
    );
    await waitFor(
      'the deliveries recorded as succeeded',
      async () =>
        (await query<{ n: number }>(`SELECT count(*)::int AS n FROM deliveries WHERE state = 'succeeded'`))[0]
          ?.n === 40,
      10_000,
    );
    const rows = await query<{ attempts: number; lease_until: Date | null }>(
      'SELECT attempts, lease_until FROM deliveries',
    );
    assert.ok(rows.every((r) => r.attempts === 1 && r.lease_until === null));
    // BullMQ records every job it adds in the queue's event stream (as it did for the route jobs):
    // none was added to `deliver`.
    const added = async (queue: string) =>
      (await redis.xrange(key(queue, 'events'), '-', '+')).filter(([, f]) => f[1] === 'added').length;
    assert.ok((await added('route')) >= jobIds.length);
    assert.equal(await added('deliver'), 0);
  });

  test('a routed delivery waits in the process for a slot its target frees, and gives up on a stalled one', async () => {
    const admission = h.worker?.get(TargetAdmission);
    assert.ok(admission);
    const targetPk = '00000000-0000-7000-8000-0000000000aa';
    const req = (deliveryId: string, waitLocallyMs = 0) => ({
      targetPk,
      deliveryId,
      attempt: 1,
      maxConcurrency: 2,
      leaseMs: 60_000,
      waitLocallyMs,
    });
    const a = await admission.admit(req('a'));
    const b = await admission.admit(req('b'));
    assert.ok(a.admitted && b.admitted);
    // At the cap: `c` waits (patience 5 s) and takes the slot `a` gives back.
    const c = admission.admit(req('c', 5_000));
    await a.release();
    const got = await c;
    assert.ok(got.admitted, 'c took the freed slot');
    // Nothing is released now: `d` gives up after its patience and waits in the target's line.
    const d = await admission.admit(req('d', 200));
    assert.deepEqual(d.admitted ? 'admitted' : d.reason, 'TargetBusy');
    assert.notEqual(await redis.zscore(key('waiting', targetPk), 'd|1'), null);
    await b.release();
    await got.release();
  });

  test("a slot freed with nobody waiting stays in the worker for the target's next delivery, then goes back", async () => {
    const admission = h.worker?.get(TargetAdmission);
    assert.ok(admission);
    const targetPk = '00000000-0000-7000-8000-0000000000bb';
    const inflight = key('inflight', targetPk);
    const req = (deliveryId: string) => ({
      targetPk,
      deliveryId,
      attempt: 1,
      maxConcurrency: 2,
      leaseMs: 60_000,
    });
    const timing = admission.timing;
    admission.timing = { tenureMs: 60_000, keepMs: 60_000 };
    try {
      const a = await admission.admit(req('a'));
      assert.ok(a.admitted);
      await a.release();
      const kept = await redis.zrange(inflight, '0', '-1');
      assert.equal(kept.length, 1, 'the slot is kept, not given back');
      assert.match(kept[0] ?? '', /^a:/, "named after the delivery that took it, and that taking's own id");
      const b = await admission.admit(req('b'));
      assert.ok(b.admitted);
      assert.deepEqual(
        await redis.zrange(inflight, '0', '-1'),
        kept,
        'b took the kept slot: no new one in Redis',
      );
      // `a` asking again while `b` holds its old slot takes a slot of its own: two in flight, two slots.
      const again = await admission.admit(req('a'));
      assert.ok(again.admitted);
      assert.equal(await redis.zcard(inflight), 2);
      const z = await admission.admit(req('z'));
      assert.equal(z.admitted ? 'admitted' : z.reason, 'TargetBusy', 'the cap of 2 holds');
      // z waits in the line with no job behind it here: out of it, the slots go back free.
      await redis.zrem(key('waiting', targetPk), 'z|1');
      admission.timing = timing;
      await again.release();
      await b.release();
    } finally {
      admission.timing = timing;
    }
    // Past its tenure (or its short keep), Redis has it back.
    await waitFor('the kept slot to go back to Redis', async () => (await redis.zcard(inflight)) === 0);
  });

  test('a worker that stops finishes the first attempts it started', async () => {
    const held: ServerResponse[] = [];
    const slow = await new HttpSink().start();
    const server = (slow as unknown as { server: import('node:http').Server }).server;
    server.removeAllListeners('request');
    server.on('request', (req, res: ServerResponse) => {
      req.resume();
      held.push(res);
    });
    try {
      const s = await createPipeline(h, t, [{ id: 'slow', type: 'http', http: { url: `${slow.url}/slow` } }]);
      const sent = await Promise.all(
        Array.from({ length: 3 }, (_, i) => sendSigned(h, s, { i }).expect(202)),
      );
      await waitFor('3 calls in flight', () => held.length >= 3, 10_000);
      const worker = h.worker;
      assert.ok(worker);
      const attempts = worker.get(FirstAttempts);
      const closing = worker.close();
      // The stopping worker waits for the three calls it started; answer them.
      await waitFor('the worker to wait for its 3 first attempts', () => attempts.draining === 3, 10_000);
      for (const res of held) res.writeHead(200).end('{}');
      await closing;
      h.worker = undefined;
      const states = await query<{ state: string; attempts: number }>(
        'SELECT state, attempts FROM deliveries WHERE event_id = ANY($1::uuid[])',
        [sent.map((r) => r.body.eventId as string)],
      );
      assert.deepEqual(
        states.map((r) => `${r.state}/${r.attempts}`),
        ['succeeded/1', 'succeeded/1', 'succeeded/1'],
      );
    } finally {
      for (const res of held) if (!res.writableEnded) res.destroy();
      await slow.stop();
    }
  });

  test('a route job carries its webhooks; one whose source was deactivated meanwhile is held, not delivered', async () => {
    assert.equal(h.worker, undefined, 'the previous test stopped the worker');
    const s = await createPipeline(h, t, [
      { id: 'carried', type: 'http', http: { url: `${sink.url}/carried` } },
    ]);
    const bodies = [{ k: 1 }, { k: 2 }].map((p) => JSON.stringify(p));
    const ids = (await Promise.all(bodies.map((b) => sendSigned(h, s, b).expect(202)))).map(
      (r) => r.body.eventId as string,
    );
    // What the route jobs carry: each event as committed, with its source's scheme.
    const carried = new Map<string, { rawBody?: string; sourceName: string; scheme?: string }>();
    await waitFor('route jobs carrying both events', async () => {
      for (const jobId of await redis.lrange(key('route', 'wait'), 0, -1)) {
        const data = JSON.parse((await redis.hget(key('route', jobId), 'data')) ?? '{}') as {
          events?: Array<{ id: string; rawBody?: string; sourceName: string; scheme?: string }>;
        };
        for (const e of data.events ?? []) carried.set(e.id, e);
      }
      return ids.every((id) => carried.has(id));
    });
    ids.forEach((id, i) => {
      const e = carried.get(id);
      assert.equal(Buffer.from(e?.rawBody ?? '', 'base64').toString(), bodies[i]);
      assert.equal(e?.sourceName, s.name);
      assert.equal(e?.scheme, 'hmac');
    });

    // The customer deactivates the source before the worker routes: the events must wait (held).
    await h
      .http()
      .post(`/v1/event-sources/${enc(s.name)}/deactivate`)
      .set(as(t.accountToken))
      .expect(204);
    await h.startWorker();
    const states = () =>
      query<{ state: string }>('SELECT state FROM events WHERE id = ANY($1::uuid[])', [ids]).then((r) =>
        r.map((x) => x.state),
      );
    await waitFor('both events held', async () => (await states()).every((st) => st === 'held'), 15_000);
    const made = await query('SELECT id FROM deliveries WHERE event_id = ANY($1::uuid[])', [ids]);
    assert.equal(made.length, 0, 'no delivery for an event of an inactive source');
    assert.equal(sink.requests.filter((r) => r.url === '/carried').length, 0);

    // Activated again, the held events are routed from their rows and delivered.
    await h
      .http()
      .post(`/v1/event-sources/${enc(s.name)}/activate`)
      .set(as(t.accountToken))
      .expect(204);
    await waitFor(
      'the held events delivered',
      () => sink.requests.filter((r) => r.url === '/carried').length >= 2,
      15_000,
    );
    assert.deepEqual(await states(), ['routed', 'routed']);
  });
});
