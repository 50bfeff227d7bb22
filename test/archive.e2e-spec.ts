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
});
