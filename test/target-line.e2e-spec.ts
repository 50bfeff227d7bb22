import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import type pg from 'pg';
import { metrics } from '#libs/observability';
import { jobId } from '#libs/queue';
import { HttpSink, TEST_REDIS_URL, waitFor } from '#libs/testing';
import { TargetAdmission } from '../apps/worker/src/deliver/target-admission.js';
import { query as dbQuery } from './support/archive-fixtures.js';
import {
  createPipeline,
  createTenant,
  sendSigned,
  type CreatedSource,
  type Tenant,
} from './support/fixtures.js';
import { type Harness, startHarness } from './support/harness.js';

/**
 * A target at its concurrency cap: the deliveries that gave up waiting in the worker wait in the
 * target's line as parked deliver jobs. A slot given back goes to the first in line, and the worker
 * that gave it back makes that delivery's attempt itself, without waking its job; while the line is
 * not empty, the worker's slots go back at once instead of passing to its own newer deliveries.
 */
describe("a target's line", () => {
  let h: Harness;
  let t: Tenant;
  let sink: HttpSink;
  let redis: Redis;
  /** Answers the sink holds back, by path, until the test lets them go. */
  const holding = new Map<string, Array<() => void>>();
  const holdPaths = new Set<string>();
  before(async () => {
    sink = await new HttpSink().start();
    sink.respond = (req) =>
      holdPaths.has(req.url)
        ? new Promise((resolve) => {
            const list = holding.get(req.url) ?? [];
            list.push(() => resolve({ status: 200 }));
            holding.set(req.url, list);
          })
        : { status: 200 };
    h = await startHarness();
    t = await createTenant(h);
    redis = new Redis(TEST_REDIS_URL);
  });
  after(async () => {
    for (const list of holding.values()) for (const release of list) release();
    redis.disconnect();
    await h.close();
    await sink.stop();
  });

  const query = <T extends pg.QueryResultRow>(sql: string, params: unknown[] = []) =>
    dbQuery<T>(h, sql, params);
  const key = (...parts: string[]) => [h.config.queuePrefix, ...parts].join(':');
  const capOne = (path: string) =>
    createPipeline(h, t, [
      { id: 'capped', type: 'http', http: { url: `${sink.url}${path}` }, maxConcurrency: 1 },
    ]);
  const send = async (s: CreatedSource, payload: object) =>
    (await sendSigned(h, s, payload).expect(202)).body.eventId as string;
  const deliveryOf = async (eventId: string) =>
    (
      await query<{ id: string; target_pk: string }>(
        'SELECT id::text AS id, target_pk::text AS target_pk FROM deliveries WHERE event_id = $1',
        [eventId],
      )
    )[0];
  const states = async (eventIds: string[]) =>
    (
      await query<{ state: string; attempts: number }>(
        'SELECT state, attempts FROM deliveries WHERE event_id = ANY($1::uuid[]) ORDER BY created_at',
        [eventIds],
      )
    ).map((r) => `${r.state}/${r.attempts}`);
  /** Lets the sink answer the calls to `path` it holds, and those that come later at once. */
  const release = (path: string) => {
    holdPaths.delete(path);
    for (const go of holding.get(path)?.splice(0) ?? []) go();
  };
  /** A webhook whose delivery has parked in the target's line; returns its event and parked job. */
  const parked = async (s: CreatedSource, payload: object) => {
    const eventId = await send(s, payload);
    const d = await waitFor('its delivery', () => deliveryOf(eventId));
    const job = jobId.deliver({ deliveryId: d.id, attempt: 1 });
    await waitFor('it parked', async () => (await jobEvents(job)).includes('delayed'), 15_000);
    return { eventId, job, targetPk: d.target_pk };
  };
  /** What BullMQ's event stream says happened to a deliver job. */
  const jobEvents = async (id: string) =>
    (await redis.xrange(key('deliver', 'events'), '-', '+'))
      .filter(([, f]) => f[f.indexOf('jobId') + 1] === id)
      .map(([, f]) => f[1]);
  const grantsTaken = async (by: 'worker' | 'job') =>
    (await metrics.slotGrants.get()).values.find((v) => v.labels.taken === by)?.value ?? 0;
  const arrived = (path: string) => sink.requests.filter((r) => r.url === path).length;

  test("a slot given back goes to the first in the target's line, and nobody else takes it before that waiter", async () => {
    const admission = h.worker?.get(TargetAdmission);
    assert.ok(admission);
    const targetPk = '00000000-0000-7000-8000-0000000000cc';
    const inflight = key('inflight', targetPk);
    // A deliver job's delivery (no local patience, no kept slot) or a first attempt's (patience).
    const req = (deliveryId: string, waitLocallyMs = 0) => ({
      targetPk,
      deliveryId,
      attempt: 1,
      maxConcurrency: 1,
      leaseMs: 60_000,
      waitLocallyMs,
      keptSlots: waitLocallyMs > 0,
    });
    const timing = admission.timing;
    const runGranted = admission.runGranted;
    // Every release goes back to Redis at once (no handing on, no keeping), and a slot granted to a
    // waiter waits for its job: no delivery runs in the worker for these made-up ones.
    admission.timing = { tenureMs: 0, keepMs: 0 };
    admission.runGranted = () => false;
    try {
      const a = await admission.admit(req('a'));
      assert.ok(a.admitted);
      const w = await admission.admit(req('w'));
      assert.equal(w.admitted ? 'admitted' : w.reason, 'TargetBusy', 'w waits in the line');
      await a.release();
      assert.deepEqual(await redis.zrange(inflight, '0', '-1'), ['grant:w|1'], 'the slot is granted to w');
      assert.equal(await redis.zcard(key('waiting', targetPk)), 0, 'w left the line');
      // A newcomer, even one waiting in the process, does not get it; it joins the line instead.
      const x = await admission.admit(req('x', 100));
      assert.equal(x.admitted ? 'admitted' : x.reason, 'TargetBusy', 'the granted slot is not free');
      const again = await admission.admit(req('w'));
      assert.ok(again.admitted, "w's job, woken, takes the slot granted to it");
      await again.release();
      assert.deepEqual(await redis.zrange(inflight, '0', '-1'), ['grant:x|1'], 'the next in line gets it');
      const xs = await admission.admit(req('x'));
      assert.ok(xs.admitted);
      await xs.release();
      assert.equal(await redis.zcard(inflight), 0);
    } finally {
      admission.timing = timing;
      admission.runGranted = runGranted;
    }
  });

  test('a slot given back goes to the parked delivery first in line, made by that worker without waking its job', async () => {
    holdPaths.add('/parked');
    const s = await capOne('/parked');
    const first = await send(s, { n: 1 });
    await waitFor('the first call held at the target', () => arrived('/parked') === 1);
    // The second waits about a second in the worker, then parks in the target's line.
    const second = await parked(s, { n: 2 });
    assert.equal(await redis.zcard(key('waiting', second.targetPk)), 1, 'in the line');

    const [byWorker, byJob] = [await grantsTaken('worker'), await grantsTaken('job')];
    release('/parked');
    await waitFor('the parked delivery made', () => arrived('/parked') === 2, 10_000);
    assert.equal((await grantsTaken('worker')) - byWorker, 1, 'counted as made by the worker');
    assert.equal(await grantsTaken('job'), byJob);
    await waitFor('its parked job removed', async () => (await jobEvents(second.job)).includes('removed'));
    assert.ok(!(await jobEvents(second.job)).includes('active'), 'the parked job never ran');
    await waitFor('both recorded', async () => (await states([first, second.eventId])).length === 2);
    assert.deepEqual(await states([first, second.eventId]), ['succeeded/1', 'succeeded/1']);
  });

  test('while its line is not empty, a worker gives each slot back at once: the line goes before newer deliveries', async () => {
    holdPaths.add('/fifo');
    const s = await capOne('/fifo');
    const first = await send(s, { n: 'first' });
    await waitFor('the first call held at the target', () => arrived('/fifo') === 1);
    const [b, c] = await Promise.all([parked(s, { n: 'b' }), parked(s, { n: 'c' })]);
    // A newer delivery, waiting in the worker (not parked) when the slot comes back.
    const d = await send(s, { n: 'd' });
    await waitFor('its delivery routed', () => deliveryOf(d));
    release('/fifo');
    await waitFor('all four made', () => arrived('/fifo') === 4, 15_000);
    const order = sink.requests
      .filter((r) => r.url === '/fifo')
      .map((r) => (JSON.parse(r.body) as { detail: { n: string } }).detail.n);
    assert.equal(order[0], 'first');
    assert.deepEqual(order.slice(1, 3).sort(), ['b', 'c'], 'the line before the newer one');
    assert.equal(order[3], 'd');
    await waitFor('all recorded', async () => (await states([first, b.eventId, c.eventId, d])).length === 4);
  });
});
