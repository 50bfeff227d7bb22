import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import type pg from 'pg';
import { DATABASE, type Database } from '#libs/db';
import { QueueName, QueueProducer, ROUTE_CARRY_MAX_WAITING } from '#libs/queue';
import { HttpSink, waitFor } from '#libs/testing';
import { SweeperService } from '../apps/worker/src/maintenance/sweeper.service.js';
import { query as dbQuery } from './support/archive-fixtures.js';
import {
  createPipeline,
  createTenant,
  sendSigned,
  type CreatedSource,
  type Tenant,
} from './support/fixtures.js';
import { type Harness, startHarness } from './support/harness.js';

const GRACE_MS = 1_000;

/**
 * A backlog of route jobs (workers stopped, or slower than ingest) waits in Redis: past
 * ROUTE_CARRY_MAX_WAITING waiting jobs, new ones carry event ids only, so the backlog costs Redis
 * ids rather than webhooks; and the sweeper leaves alone the events that may still wait in a job,
 * while it still enqueues again those whose job was lost.
 */
describe('a route backlog', () => {
  let h: Harness;
  let t: Tenant;
  let s: CreatedSource;
  let sink: HttpSink;
  let route: Queue;
  before(async () => {
    sink = await new HttpSink().start();
    h = await startHarness({ worker: false, env: { HOOKBRIDGE_SWEEP_GRACE_MS: String(GRACE_MS) } });
    t = await createTenant(h);
    s = await createPipeline(h, t, [{ id: 'backlog', type: 'http', http: { url: `${sink.url}/backlog` } }]);
    route = h.gateway.get<Queue>(getQueueToken(QueueName.Route));
  });
  after(async () => {
    await h.close();
    await sink.stop();
  });

  const query = <T extends pg.QueryResultRow>(sql: string, params: unknown[] = []) =>
    dbQuery<T>(h, sql, params);
  const send = async (payload: object) =>
    (await sendSigned(h, s, payload).expect(202)).body.eventId as string;
  /** The waiting route jobs, oldest first. */
  const waiting = async () =>
    (await route.getJobs(['wait'], 0, -1, true)).filter((j) => j !== undefined) as Array<{
      id?: string;
      data: { eventIds: string[]; events?: Array<{ id: string }> };
    }>;
  const jobOf = async (eventId: string) => (await waiting()).find((j) => j.data.eventIds.includes(eventId));
  const delivered = (id: string) =>
    sink.requests.filter((r) => r.url === '/backlog' && (JSON.parse(r.body) as { id: string }).id === id)
      .length;
  const stopWorker = async () => {
    await h.worker?.close();
    h.worker = undefined;
  };

  test('past the bound, route jobs carry ids only; the worker routes those events from their rows', async () => {
    const first = await send({ n: 'before the backlog' });
    await waitFor('its route job', async () => (await jobOf(first)) !== undefined);
    assert.deepEqual(
      (await jobOf(first))?.data.events?.map((e) => e.id),
      [first],
      'a shallow queue: the job carries its webhook',
    );
    // The backlog: jobs naming that same event (routing is idempotent, so it is delivered once).
    await route.addBulk(
      Array.from({ length: ROUTE_CARRY_MAX_WAITING }, (_, i) => ({
        name: QueueName.Route,
        data: { eventIds: [first] },
        opts: { jobId: `backlog_${i}`, removeOnComplete: true },
      })),
    );
    // Ingest reads the depth every half second: webhooks sent from then on go by id.
    const idsOnly: string[] = [];
    await waitFor('a route job that carries no webhook', async () => {
      const id = await send({ n: idsOnly.length });
      idsOnly.push(id);
      const job = await waitFor('its route job', () => jobOf(id));
      return (job.data.events ?? []).length === 0;
    });
    const last = idsOnly.at(-1) ?? '';
    assert.equal((await jobOf(last))?.data.events, undefined, 'the job has no events field at all');

    await h.startWorker();
    await waitFor(
      'every event delivered',
      () => [first, ...idsOnly].every((id) => delivered(id) > 0),
      30_000,
    );
    await waitFor('the backlog drained', async () => (await route.getWaitingCount()) === 0, 30_000);
    assert.equal(delivered(first), 1, 'the event named by the whole backlog was delivered once');
    assert.equal(delivered(last), 1);
    const states = await query<{ state: string }>(
      'SELECT DISTINCT state FROM events WHERE id = ANY($1::uuid[])',
      [[first, ...idsOnly]],
    );
    assert.deepEqual(
      states.map((r) => r.state),
      ['routed'],
    );

    // Drained, the queue is shallow again: the next route job carries its webhook.
    // Ingest may still hold the depth it read before the drain (it reads it every half second): a
    // webhook sent meanwhile goes by id, so each try sends a new one (the same body is a duplicate).
    await stopWorker();
    let tries = 0;
    await waitFor('a route job carrying its webhook again', async () => {
      const id = await send({ n: `after ${tries++}` });
      const job = await waitFor('its route job', () => jobOf(id));
      return (job.data.events ?? []).some((e) => e.id === id);
    });
  });

  test('the sweeper enqueues the events whose job was lost, not those that may still wait behind the backlog', async () => {
    assert.equal(h.worker, undefined, 'the previous test stopped the worker');
    const sweeper = new SweeperService(
      h.gateway.get<Database>(DATABASE),
      h.config,
      h.gateway.get(QueueProducer),
    );
    const olderThanGrace = (id: string) =>
      waitFor(`${id} older than the grace`, async () => {
        const [r] = await query<{ old: boolean }>(
          `SELECT now() - received_at > make_interval(secs => $2::double precision / 1000) AS old
           FROM events WHERE id = $1`,
          [id, GRACE_MS],
        );
        return r?.old === true;
      });
    // Redis loses the waiting jobs (the previous test's last webhook had one).
    await route.drain();
    const unrouted = (
      await query<{ id: string }>(`SELECT id::text AS id FROM events WHERE state = 'received'`)
    ).map((r) => r.id);
    assert.ok(unrouted.length > 0);
    // One more webhook whose job is lost, and, past the grace, one whose job still waits.
    const lost = await send({ n: 'lost' });
    const lostJob = await waitFor('its route job', () => jobOf(lost));
    await route.remove(lostJob.id ?? '');
    await olderThanGrace(lost);
    const late = await send({ n: 'late' });
    await waitFor('its route job', () => jobOf(late));
    await olderThanGrace(late);

    const swept = await sweeper.sweep();
    assert.equal(swept.events, unrouted.length + 1, 'the events without a job');
    const requeued = (await waiting()).flatMap((j) => j.data.eventIds);
    assert.deepEqual(requeued.filter((id) => id !== late).sort(), [lost, ...unrouted].sort());
    assert.equal(requeued.filter((id) => id === late).length, 1, 'the late event was not enqueued again');

    // With nothing waiting, an event past the grace is overdue whatever it was waiting for.
    await route.drain();
    const again = await sweeper.sweep();
    assert.equal(again.events, unrouted.length + 2);
    assert.deepEqual(
      (await waiting()).flatMap((j) => j.data.eventIds).sort(),
      [late, lost, ...unrouted].sort(),
    );

    await h.startWorker();
    await waitFor(
      'all delivered once',
      () => [late, lost, ...unrouted].every((id) => delivered(id) === 1),
      30_000,
    );
  });
});
