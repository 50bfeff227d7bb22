import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { HttpSink, waitFor } from '#libs/testing';
import { startHarness, type Harness } from './support/harness.js';
import { as, createTenant, type Tenant } from './support/fixtures.js';
import { busWithRules, putRouted, query, replayIn } from './support/archive-fixtures.js';

const T0 = new Date('2026-03-01T10:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

describe('replays', () => {
  let h: Harness;
  let t: Tenant;
  let sink: HttpSink;
  let ids: string[];
  const bus = `orders-${process.pid}`;
  const copies = `copies-${process.pid}`;
  before(async () => {
    // Slices of two events, 100 ms apart, so a replay of six events takes three slices.
    h = await startHarness({
      env: { HOOKBRIDGE_REPLAY_SLICE_SIZE: '2', HOOKBRIDGE_REPLAY_SLICE_DELAY_MS: '100' },
    });
    t = await createTenant(h);
    sink = await new HttpSink().start();
    await busWithRules(h, t, copies, {}, sink.url);
    await busWithRules(
      h,
      t,
      bus,
      { r1: { source: ['test.orders'] }, r2: { source: ['test.orders'] } },
      sink.url,
    );
    // r3 forwards every event to the bus `copies`, which has its own archive.
    await h
      .http()
      .put(`/v1/event-buses/${bus}/rules/r3`)
      .set(as(t.accountToken))
      .send({ eventPattern: { source: ['test.orders'] } })
      .expect(200);
    await h
      .http()
      .put(`/v1/event-buses/${bus}/rules/r3/targets`)
      .set(as(t.accountToken))
      .send({ targets: [{ id: 'fwd', type: 'bus', bus: { name: copies } }] })
      .expect(200);
    for (const [name, b] of [
      ['arc', bus],
      ['copies-arc', copies],
    ])
      await h
        .http()
        .post('/v1/archives')
        .set(as(t.accountToken))
        .send({ name, eventSourceBus: b })
        .expect(201);
    // Received out of event-time order; the last one lies outside the replay windows below.
    ids = await putRouted(
      h,
      t,
      bus,
      [5, 1, 3, 2, 4, 0, 30].map((m) => ({ detail: { m }, time: at(m) })),
    );
    await waitFor('the live copies to be archived', async () => {
      const r = await h.http().get('/v1/archives/copies-arc').set(as(t.accountToken));
      return r.body.eventCount === 7;
    });
  });
  after(async () => {
    await h.close();
    await sink.stop();
  });

  const start = (body: object) => h.http().post('/v1/replays').set(as(t.accountToken)).send(body);
  const window = { archive: 'arc', eventStartTime: at(0).toISOString(), eventEndTime: at(10).toISOString() };
  const received = (name: string, path: string) =>
    sink.requests.filter((r) => r.url === path && JSON.parse(r.body)['replay-name'] === name);
  const deliveriesOf = (name: string) =>
    query<{ rule: string; event_time: Date; created_at: Date }>(
      h,
      `SELECT r.name AS rule, e.event_time, d.created_at FROM deliveries d
       JOIN rules r ON r.id = d.rule_id JOIN events e ON e.id = d.event_id AND e.received_at = d.event_received_at
       WHERE d.replay_name = $1 ORDER BY d.created_at`,
      [name],
    );

  test('a window replays to every rule, in event-time order, with replay-name', async () => {
    const res = await start({
      name: 'all-rules',
      description: 'after the outage',
      ...window,
      destination: { bus },
    }).expect(201);
    assert.equal(res.body.state, 'STARTING');
    const done = await replayIn(h, t, 'all-rules', 'COMPLETED');
    assert.equal(done.description, 'after the outage');
    assert.deepEqual(done.progress, {
      eventsTotal: 6,
      eventsReplayed: 6,
      deliveriesCreated: 18,
      percent: 100,
    });
    assert.equal(done.eventLastReplayedTime, at(5).toISOString());
    await waitFor(
      'six replayed events at each rule',
      () => received('all-rules', '/r1').length >= 6 && received('all-rules', '/r2').length >= 6,
    );
    const replayed = new Set(received('all-rules', '/r1').map((r) => JSON.parse(r.body).id));
    assert.deepEqual(replayed, new Set(ids.slice(0, 6)), 'the event outside the window is not replayed');
    // Slices commit one after the other: a later slice never holds an earlier event time.
    const rows = await deliveriesOf('all-rules');
    for (const a of rows)
      for (const b of rows)
        if (a.created_at < b.created_at)
          assert.ok(a.event_time <= b.event_time, `${a.event_time} after ${b.event_time}`);
    assert.ok(new Set(rows.map((r) => r.created_at.getTime())).size >= 3, 'three slices');
  });

  test('replayed events forwarded to another bus are not archived again', async () => {
    await replayIn(h, t, 'all-rules', 'COMPLETED');
    await waitFor('the forwarded replays to be routed', async () => {
      const [r] = await query<{ n: number }>(
        h,
        `SELECT count(*)::int AS n FROM events WHERE bus_name = $1 AND state = 'routed' AND envelope LIKE '%"replay-name":"all-rules"%'`,
        [copies],
      );
      return r?.n === 6;
    });
    const arc = await h.http().get('/v1/archives/copies-arc').set(as(t.accountToken)).expect(200);
    assert.equal(arc.body.eventCount, 7, 'only the live copies are archived');
  });

  test('filterRules limits the replay to those rules; a single target is a destination too', async () => {
    await start({ name: 'only-r1', ...window, destination: { bus, filterRules: ['r1'] } }).expect(201);
    await start({ name: 'one-target', ...window, destination: { bus, rule: 'r2', target: 'sink' } }).expect(
      201,
    );
    const r1 = await replayIn(h, t, 'only-r1', 'COMPLETED');
    const one = await replayIn(h, t, 'one-target', 'COMPLETED');
    assert.equal(r1.progress.deliveriesCreated, 6);
    assert.equal(one.progress.deliveriesCreated, 6);
    assert.deepEqual(one.destination, { bus, rule: 'r2', target: 'sink' });
    assert.deepEqual(new Set((await deliveriesOf('only-r1')).map((d) => d.rule)), new Set(['r1']));
    assert.deepEqual(new Set((await deliveriesOf('one-target')).map((d) => d.rule)), new Set(['r2']));
    await waitFor(
      'the filtered replays to arrive',
      () => received('only-r1', '/r1').length >= 6 && received('one-target', '/r2').length >= 6,
    );
    assert.equal(received('only-r1', '/r2').length, 0);
    assert.equal(received('one-target', '/r1').length, 0);
    await start({ name: 'bad', ...window, destination: { bus, filterRules: ['nope'] } }).expect(404);
    await start({ name: 'only-r1', ...window }).expect(409);
    const long = await start({ name: 'long', description: 'x'.repeat(513), ...window }).expect(400);
    assert.equal(long.body.error.code, 'ValidationException');
  });

  test('cancel stops a replay before its next slice', async () => {
    await start({ name: 'cancelled', ...window }).expect(201);
    const c = await h.http().post('/v1/replays/cancelled/cancel').set(as(t.accountToken)).expect(200);
    assert.equal(c.body.state, 'CANCELLING');
    const done = await replayIn(h, t, 'cancelled', 'CANCELLED');
    assert.ok(done.progress.eventsReplayed < 6, `replayed ${done.progress.eventsReplayed}`);
    assert.equal((await deliveriesOf('cancelled')).length, 3 * done.progress.eventsReplayed);
    await h.http().post('/v1/replays/cancelled/cancel').set(as(t.accountToken)).expect(409);
    const list = await h.http().get('/v1/replays?state=CANCELLED').set(as(t.accountToken)).expect(200);
    assert.deepEqual(
      list.body.items.map((r: { name: string }) => r.name),
      ['cancelled'],
    );
  });

  test('the number of active replays per account is limited', async () => {
    const other = await createTenant(h);
    await h.http().post('/v1/event-buses').set(as(other.accountToken)).send({ name: 'b' }).expect(201);
    await h
      .http()
      .post('/v1/archives')
      .set(as(other.accountToken))
      .send({ name: 'a', eventSourceBus: 'b' })
      .expect(201);
    // Ten replays RUNNING (far-future updated_at keeps the sweeper away from these stand-ins).
    await query(
      h,
      `INSERT INTO replays (id, account_id, name, archive_id, archive_name, event_start_time, event_end_time, destination_bus, state, updated_at)
       SELECT gen_random_uuid(), $1, 'busy' || i, gen_random_uuid(), 'a', now(), now(), 'b', 'RUNNING', now() + interval '1 day'
       FROM generate_series(1, 10) i`,
      [other.accountId],
    );
    const res = await h
      .http()
      .post('/v1/replays')
      .set(as(other.accountToken))
      .send({ name: 'eleventh', archive: 'a', eventStartTime: 0, eventEndTime: 10 })
      .expect(400);
    assert.equal(res.body.error.code, 'LimitExceededException');
    const metrics = (await h.http().get('/metrics').expect(200)).text;
    const active = Number(/^hookbridge_replays_active (\d+)$/m.exec(metrics)?.[1]);
    assert.ok(active >= 10, `hookbridge_replays_active ${active}`);
    assert.match(metrics, /^hookbridge_queue_jobs\{queue="replay",state="waiting"\} \d+$/m);
  });
});
