import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { HttpSink } from '#libs/testing';
import { startHarness, type Harness } from './support/harness.js';
import { as, createTenant, type Tenant } from './support/fixtures.js';
import { busWithRules, putRouted, query } from './support/archive-fixtures.js';
import { SweeperService } from '../apps/worker/src/maintenance/sweeper.service.js';

const T0 = new Date('2026-03-01T10:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const big = { detail: { total: [{ numeric: ['>', 100] }] } };

describe('archives', () => {
  let h: Harness;
  let t: Tenant;
  let sink: HttpSink;
  let ids: string[];
  const bus = `orders-${process.pid}`;
  before(async () => {
    h = await startHarness();
    t = await createTenant(h);
    sink = await new HttpSink().start();
    await busWithRules(h, t, bus, { all: { source: ['test.orders'] } }, sink.url);
    const create = (body: object) => h.http().post('/v1/archives').set(as(t.accountToken)).send(body);
    const all = await create({ name: 'all', eventSourceBus: bus }).expect(201);
    assert.equal(all.body.state, 'ENABLED');
    assert.match(all.body.arn, new RegExp(`:${t.accountId}:archive/all$`));
    await create({ name: 'big', eventSourceBus: bus, eventPattern: big, retentionDays: 5 }).expect(201);
    ids = await putRouted(h, t, bus, [
      { detail: { total: 50 }, time: at(0) },
      { detail: { total: 150 }, time: at(1) },
      { detail: { total: 250 }, time: at(2) },
    ]);
  });
  after(async () => {
    await h.close();
    await sink.stop();
  });

  const get = (name: string) => h.http().get(`/v1/archives/${name}`).set(as(t.accountToken));

  test('membership follows each archive pattern; the event is stored once', async () => {
    const all = (await get('all').expect(200)).body;
    const bigOnes = (await get('big').expect(200)).body;
    assert.equal(all.eventCount, 3);
    assert.equal(bigOnes.eventCount, 2);
    assert.equal(bigOnes.retentionDays, 5);
    assert.ok(all.sizeBytes > bigOnes.sizeBytes && bigOnes.sizeBytes > 0);
    const members = await query<{ event_id: string; n: number }>(
      h,
      'SELECT event_id::text, count(*)::int AS n FROM archive_events WHERE event_id = ANY($1::uuid[]) GROUP BY event_id',
      [ids],
    );
    assert.deepEqual(
      new Map(members.map((m) => [m.event_id, m.n])),
      new Map([
        [ids[0], 1],
        [ids[1], 2],
        [ids[2], 2],
      ]),
    );
    const [stored] = await query<{ n: number }>(
      h,
      'SELECT count(*)::int AS n FROM events WHERE id = ANY($1::uuid[])',
      [ids],
    );
    assert.equal(stored?.n, 3);
    const list = await h.http().get('/v1/archives').set(as(t.accountToken)).expect(200);
    assert.deepEqual(
      list.body.items.map((a: { name: string }) => a.name),
      ['all', 'big'],
    );
  });

  test('invalid definitions are refused with AWS error codes', async () => {
    const create = (body: object) => h.http().post('/v1/archives').set(as(t.accountToken)).send(body);
    const bad = await create({ name: 'x', eventSourceBus: bus, eventPattern: { detail: 'nope' } }).expect(
      400,
    );
    assert.equal(bad.body.error.code, 'InvalidEventPatternException', JSON.stringify(bad.body));
    await create({ name: 'all', eventSourceBus: bus }).expect(409);
    await create({ name: 'y', eventSourceBus: 'no-such-bus' }).expect(404);
    await create({ name: 'bad name!', eventSourceBus: bus }).expect(400);
    await create({ name: 'gone', eventSourceBus: bus }).expect(201);
    await h.http().delete('/v1/archives/gone').set(as(t.accountToken)).expect(204);
    await get('gone').expect(404);
  });

  test('a dry run counts what a pattern would have matched in a window', async () => {
    const dry = (body: object) =>
      h.http().post('/v1/archives/all/dry-run').set(as(t.accountToken)).send(body).expect(200);
    const whole = await dry({ eventPattern: big, from: at(0).toISOString(), to: at(10).toISOString() });
    assert.equal(whole.body.scanned, 3);
    assert.equal(whole.body.matched, 2);
    assert.deepEqual(
      whole.body.sample.map((e: { id: string }) => e.id),
      [ids[1], ids[2]],
    );
    const narrow = await dry({ eventPattern: big, from: at(1).toISOString(), to: at(2).toISOString() });
    assert.equal(narrow.body.scanned, 1);
    assert.equal(narrow.body.matched, 1);
    const capped = await dry({
      eventPattern: { source: ['test.orders'] },
      from: at(0).toISOString(),
      to: at(10).toISOString(),
      maxScan: 2,
    });
    assert.equal(capped.body.scanned, 2);
    assert.equal(capped.body.truncated, true);
  });

  test('retention: old days are dropped unless an archive still holds events of that day', async () => {
    const sweeper = (await h.startWorker()).get(SweeperService);
    const [{ keep, short } = { keep: '', short: '' }] = await query<{ keep: string; short: string }>(
      h,
      `SELECT (SELECT id::text FROM archives WHERE name = 'all' AND account_id = $1) AS keep,
              (SELECT id::text FROM archives WHERE name = 'big' AND account_id = $1) AS short`,
      [t.accountId],
    );
    // Three old days: one with an event held by "all" (forever), one only by "big" (5 days), one with none.
    const days = [40, 41, 42].map((n) => {
      const d = new Date(Date.now() - n * 86_400_000);
      return { n, date: d.toISOString().slice(0, 10), tag: d.toISOString().slice(0, 10).replace(/-/g, '') };
    });
    for (const [i, d] of days.entries()) {
      await query(
        h,
        'SELECT hb_ensure_event_partitions($1::date, 1), hb_ensure_archive_event_partitions($1::date, 1)',
        [d.date],
      );
      const id = `0190${i}000-0000-7000-8000-00000000000${i}`;
      const when = `${d.date}T12:00:00Z`;
      await query(
        h,
        `INSERT INTO events (id, received_at, account_id, source_name, bus_name, state, dedup_key, raw_body, headers, envelope, event_time)
         VALUES ($1::uuid, $2, $3, 'test.orders', $4, 'routed', $1::text, '\\x7b7d', '{}', '{}', $2)`,
        [id, when, t.accountId, bus],
      );
      const holder = i === 0 ? keep : i === 1 ? short : undefined;
      if (holder)
        await query(
          h,
          'INSERT INTO archive_events (archive_id, event_id, event_received_at, event_time, size_bytes) VALUES ($1, $2, $3, $3, 2)',
          [holder, id, when],
        );
    }
    // Past its 5-day retention, big's old member no longer counts.
    assert.equal((await get('big').expect(200)).body.eventCount, 2);
    assert.equal((await get('all').expect(200)).body.eventCount, 4);

    const { dropped } = await sweeper.maintainPartitions();
    const [d40, d41, d42] = days.map((d) => d.tag);
    assert.ok(!dropped.includes(`events_${d40}`), 'the day an unlimited archive holds is kept');
    assert.ok(dropped.includes(`events_${d41}`), 'a day held only past its archive retention goes');
    assert.ok(dropped.includes(`events_${d42}`), 'a day no archive holds goes');
    const left = await query<{ name: string }>(
      h,
      `SELECT relname AS name FROM pg_class WHERE relname = ANY($1::text[])`,
      [days.flatMap((d) => [`events_${d.tag}`, `archive_events_${d.tag}`])],
    );
    assert.deepEqual(left.map((r) => r.name).sort(), [`archive_events_${d40}`, `events_${d40}`]);
    assert.equal((await get('all').expect(200)).body.eventCount, 4);
  });

  test('retention: deliveries and attempts go with their events’ day; a kept day keeps them', async () => {
    const sweeper = (await h.startWorker()).get(SweeperService);
    const [{ keep } = { keep: '' }] = await query<{ keep: string }>(
      h,
      `SELECT id::text AS keep FROM archives WHERE name = 'all' AND account_id = $1`,
      [t.accountId],
    );
    // An event id is a UUIDv7 of its receipt time, which is what the purge goes by.
    const v7 = (ms: number, tail: string) => {
      const hex = ms.toString(16).padStart(12, '0');
      return `${hex.slice(0, 8)}-${hex.slice(8)}-7000-8000-${tail}`;
    };
    const delivery = async (eventId: string, receivedAt: Date) => {
      const rows = await query<{ id: string }>(
        h,
        `INSERT INTO deliveries (id, event_id, event_received_at, account_id, bus_id, rule_id, target_pk, state, attempts)
         VALUES (gen_random_uuid(), $1, $2, $3, gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), 'succeeded', 1)
         RETURNING id::text`,
        [eventId, receivedAt, t.accountId],
      );
      const id = rows[0]?.id ?? '';
      await query(
        h,
        `INSERT INTO attempts (delivery_id, attempt_no, started_at, duration_ms, outcome, status_code)
         VALUES ($1, 1, $2, 5, 'succeeded', 200)`,
        [id, receivedAt],
      );
      return id;
    };
    // Day 50 is kept (the unlimited archive holds its event); day 51 has no archive and is dropped.
    const made: Record<string, string> = {};
    for (const n of [50, 51]) {
      const day = new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
      const when = new Date(`${day}T12:00:00Z`);
      const id = v7(when.getTime(), `0000000000${n}`);
      await query(
        h,
        'SELECT hb_ensure_event_partitions($1::date, 1), hb_ensure_archive_event_partitions($1::date, 1)',
        [day],
      );
      await query(
        h,
        `INSERT INTO events (id, received_at, account_id, source_name, bus_name, state, dedup_key, raw_body, headers, envelope, event_time)
         VALUES ($1::uuid, $2, $3, 'test.orders', $4, 'routed', $1::text, '\\x7b7d', '{}', '{}', $2)`,
        [id, when, t.accountId, bus],
      );
      if (n === 50)
        await query(
          h,
          'INSERT INTO archive_events (archive_id, event_id, event_received_at, event_time, size_bytes) VALUES ($1, $2, $3, $3, 2)',
          [keep, id, when],
        );
      made[n] = await delivery(id, when);
    }
    // A recent delivery (its event is within retention) stays whatever happens to old days.
    const now = new Date();
    const recent = await delivery(v7(now.getTime(), '000000000099'), now);

    const { purged } = await sweeper.maintainPartitions();
    assert.ok(purged >= 1, `purged ${purged}`);
    const left = await query<{ id: string }>(
      h,
      'SELECT id::text FROM deliveries WHERE id = ANY($1::uuid[])',
      [[made[50], made[51], recent]],
    );
    assert.deepEqual(left.map((r) => r.id).sort(), [made[50], recent].sort());
    const attempts = await query<{ delivery_id: string }>(
      h,
      'SELECT delivery_id::text FROM attempts WHERE delivery_id = ANY($1::uuid[])',
      [[made[50], made[51], recent]],
    );
    assert.deepEqual(attempts.map((r) => r.delivery_id).sort(), [made[50], recent].sort());
    // Nothing is left to purge: the next run deletes nothing.
    assert.equal((await sweeper.maintainPartitions()).purged, 0);
  });
});
