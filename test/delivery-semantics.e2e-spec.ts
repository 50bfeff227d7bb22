import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { HttpSink, waitFor } from '#libs/testing';
import { startHarness, type Harness } from './support/harness.js';
import { v7 } from 'uuid';
import {
  as,
  associate,
  createSource,
  createTenant,
  deliveriesOnBus,
  enc,
  putAs,
  sendSigned,
  type Tenant,
} from './support/fixtures.js';
import { putRouted, query, replayIn } from './support/archive-fixtures.js';

/**
 * Delivery semantics against EventBridge's: the retry window of replays and of held events, and
 * bus-to-bus hops.
 */
describe('delivery semantics', () => {
  let h: Harness;
  let sink: HttpSink;
  before(async () => {
    h = await startHarness();
    sink = await new HttpSink().start();
  });
  after(async () => {
    await h.close();
    await sink.stop();
  });

  const put = (t: Tenant, path: string, body: object) => putAs(h, t, path, body);
  const deliveries = (t: Tenant, bus: string) => deliveriesOnBus(h, t, bus);

  test("a replay's deliveries get their own retry window, not one that ended with the original event's", async () => {
    const t = await createTenant(h);
    await h.http().post('/v1/event-buses').set(as(t.accountToken)).send({ name: 'orders' }).expect(201);
    await put(t, '/v1/event-buses/orders/rules/r1', { eventPattern: { source: ['test.orders'] } });
    await put(t, '/v1/event-buses/orders/rules/r1/targets', {
      targets: [
        {
          id: 'sink',
          type: 'http',
          http: { url: `${sink.url}/replay-window` },
          retryPolicy: { maximumRetryAttempts: 5, maximumEventAgeInSeconds: 60 },
        },
      ],
    });
    await h
      .http()
      .post('/v1/archives')
      .set(as(t.accountToken))
      .send({ name: 'orders-arc', eventSourceBus: 'orders' })
      .expect(201);
    const time = new Date('2026-03-01T10:00:00Z');
    const [id] = await putRouted(h, t, 'orders', [{ detail: { n: 1 }, time }]);
    await waitFor('the live delivery', async () =>
      (await deliveries(t, 'orders')).some((d) => d.state === 'succeeded'),
    );
    // The event was received ten minutes ago: far outside the target's 60 s age window.
    for (const [table, column] of [
      ['events', 'received_at'],
      ['archive_events', 'event_received_at'],
    ])
      await query(
        h,
        `UPDATE ${table} SET ${column} = ${column} - interval '10 minutes' WHERE ${table === 'events' ? 'id' : 'event_id'} = $1`,
        [id],
      );

    // The receiver fails twice, then recovers.
    let replayed = 0;
    sink.respond = (req) =>
      req.url === '/replay-window' && JSON.parse(req.body)['replay-name'] && ++replayed <= 2
        ? { status: 503 }
        : { status: 200 };
    await h
      .http()
      .post('/v1/replays')
      .set(as(t.accountToken))
      .send({
        name: 'after-fix',
        archive: 'orders-arc',
        eventStartTime: time.toISOString(),
        eventEndTime: new Date(time.getTime() + 60_000).toISOString(),
        destination: { bus: 'orders' },
      })
      .expect(201);
    await replayIn(h, t, 'after-fix', 'COMPLETED');
    const replay = await waitFor('the replayed delivery to finish', async () => {
      const [row] = await query<{ id: string; state: string; attempts: number; dead_letter: unknown }>(
        h,
        `SELECT id::text, state, attempts, dead_letter FROM deliveries WHERE replay_name = 'after-fix'`,
      );
      return row && row.state !== 'pending' && row.state !== 'retrying' ? row : undefined;
    });
    assert.equal(replay.state, 'succeeded', `dead letter: ${JSON.stringify(replay.dead_letter)}`);
    assert.equal(replay.attempts, 3);
  });

  test("a held event's deliveries get their retry window from its release, not from its receipt", async () => {
    const t = await createTenant(h);
    const s = await createSource(h, t);
    const held = (await sendSigned(h, s, { n: 'now' }).expect(202)).body.eventId as string;
    await waitFor('the event to be held', async () =>
      (await query<{ state: string }>(h, 'SELECT state FROM events WHERE id = $1', [held]))[0]?.state ===
      'held'
        ? true
        : undefined,
    );
    // A copy received ten minutes ago (its UUIDv7 says so too, as ids locate partitions): held for
    // far longer than the target's 60 s age window.
    const receivedAt = new Date(Date.now() - 10 * 60_000);
    const old = v7({ msecs: receivedAt.getTime() });
    await query(
      h,
      `INSERT INTO events (id, received_at, account_id, source_id, source_name, bus_name, state, dedup_key, raw_body,
                           headers, detail_type, event_time, envelope)
       SELECT $2, $3, account_id, source_id, source_name, bus_name, state, 'held-copy', raw_body, headers,
              detail_type, event_time, envelope
       FROM events WHERE id = $1`,
      [held, old, receivedAt],
    );
    // The receiver fails twice, then recovers.
    let failures = 0;
    sink.respond = (req) =>
      req.url === '/held-window' && JSON.parse(req.body).id === old && ++failures <= 2
        ? { status: 503 }
        : { status: 200 };
    await associate(h, t, s.name);
    await put(t, `/v1/event-buses/${enc(s.name)}/rules/all`, { eventPattern: { source: [s.name] } });
    await put(t, `/v1/event-buses/${enc(s.name)}/rules/all/targets`, {
      targets: [
        {
          id: 'sink',
          type: 'http',
          http: { url: `${sink.url}/held-window` },
          retryPolicy: { maximumRetryAttempts: 5, maximumEventAgeInSeconds: 60 },
        },
      ],
    });
    const released = await waitFor("the old event's delivery to finish", async () => {
      const [row] = await query<{ state: string; attempts: number; dead_letter: unknown }>(
        h,
        'SELECT state, attempts, dead_letter FROM deliveries WHERE event_id = $1',
        [old],
      );
      return row && row.state !== 'pending' && row.state !== 'retrying' ? row : undefined;
    });
    assert.equal(released.state, 'succeeded', `dead letter: ${JSON.stringify(released.dead_letter)}`);
    assert.equal(released.attempts, 3);
  });

  test('an event forwarded by a bus target is not forwarded again: buses in a cycle do not loop', async () => {
    const t = await createTenant(h);
    for (const name of ['loop-a', 'loop-b'])
      await h.http().post('/v1/event-buses').set(as(t.accountToken)).send({ name }).expect(201);
    const forward = async (from: string, to: string) => {
      await put(t, `/v1/event-buses/${from}/rules/fwd`, { eventPattern: { source: ['test.loop'] } });
      await put(t, `/v1/event-buses/${from}/rules/fwd/targets`, {
        targets: [{ id: 'next', type: 'bus', bus: { name: to } }],
      });
    };
    await forward('loop-a', 'loop-b');
    await forward('loop-b', 'loop-a');
    await put(t, '/v1/event-buses/loop-b/rules/seen', { eventPattern: { source: ['test.loop'] } });
    await put(t, '/v1/event-buses/loop-b/rules/seen/targets', {
      targets: [{ id: 'sink', type: 'http', http: { url: `${sink.url}/loop-seen` } }],
    });

    const res = await h
      .http()
      .post('/v1/events')
      .set(as(t.accountToken))
      .send({ entries: [{ eventBusName: 'loop-a', source: 'test.loop', detailType: 'Ping', detail: {} }] })
      .expect(200);
    const id = res.body.entries[0].eventId as string;

    // The first hop (a → b) is made; the second (b → a) is refused, visibly, as a dead letter.
    const back = await waitFor(
      'the forward from loop-b to finish',
      async () => {
        const d = (await deliveries(t, 'loop-b')).find((x) => x.rule === 'fwd');
        return d && d.state !== 'pending' && d.state !== 'retrying' ? d : undefined;
      },
      15_000,
    );
    assert.equal(back.state, 'dead_letter');
    assert.equal(back.deadLetterAttributes?.ERROR_CODE, 'LOOP_DETECTED');
    assert.equal(back.attempts, 1, 'not retried');
    const [first] = (await deliveries(t, 'loop-a')).filter((d) => d.eventId === id);
    assert.equal(first?.state, 'succeeded');
    const [events] = await query<{ n: number }>(
      h,
      'SELECT count(*)::int AS n FROM events WHERE account_id = $1',
      [t.accountId],
    );
    assert.equal(events?.n, 2, 'the event and its one copy on loop-b');
    const seen = await waitFor("the copy at loop-b's sink", () => {
      const got = sink.requests.filter((r) => r.url === '/loop-seen');
      return got.length > 0 ? got : undefined;
    });
    assert.equal(seen.length, 1);
    assert.equal(JSON.parse(seen[0]?.body ?? '{}').id, id, 'the envelope travels unchanged');
  });
});
