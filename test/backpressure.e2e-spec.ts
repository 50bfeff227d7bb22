import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { hmacSignature, waitFor } from '#libs/testing';
import { startHarness, type Harness } from './support/harness.js';
import { createSource, createTenant, type CreatedSource } from './support/fixtures.js';

describe('ingest backpressure', () => {
  let h: Harness;
  let s: CreatedSource;
  before(async () => {
    // A backlog bound of 1: any burst overflows it, so shedding is certain to be exercised.
    h = await startHarness({ worker: false, env: { HOOKBRIDGE_INGEST_MAX_BACKLOG: '1' } });
    s = await createSource(h, await createTenant(h));
  });
  after(async () => h.close());

  test('a burst past the commit backlog gets 429 with Retry-After; every 202 is committed; nothing is 5xx', async () => {
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) => {
        const body = JSON.stringify({ i, at: Date.now() });
        return h
          .http()
          .post(s.ingestPath)
          .set({ 'content-type': 'application/json', 'x-signature': hmacSignature(s.secret, body) })
          .send(body);
      }),
    );
    const by = (code: number) => answers.filter((a) => a.status === code);
    assert.equal(answers.filter((a) => a.status >= 500).length, 0);
    assert.ok(by(429).length > 0, 'some requests were shed');
    assert.ok(by(202).length > 0, 'some requests were accepted');
    assert.equal(by(202).length + by(429).length, 200);
    for (const r of by(429)) {
      assert.equal(r.headers['retry-after'], '1');
      assert.equal(r.body.error.code, 'TooManyRequests');
    }
    const db = new pg.Client({ connectionString: h.databaseUrl });
    await db.connect();
    try {
      const ids = by(202).map((a) => a.body.eventId as string);
      const { rows } = await db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM events WHERE id = ANY($1::uuid[])',
        [ids],
      );
      assert.equal(rows[0]?.n, ids.length, 'every accepted event is committed');
    } finally {
      await db.end();
    }
  });
});

const burst = (h: Harness, s: CreatedSource, n: number) =>
  Promise.all(
    Array.from({ length: n }, (_, i) => {
      const body = JSON.stringify({ i, r: Math.random() });
      return h
        .http()
        .post(s.ingestPath)
        .set({ 'content-type': 'application/json', 'x-signature': hmacSignature(s.secret, body) })
        .send(body);
    }),
  );

describe('per-source ingest rate limit', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({
      worker: false,
      env: { HOOKBRIDGE_INGEST_LIMIT_PER_SOURCE: '5', HOOKBRIDGE_INGEST_LIMIT_PER_PARTNER: '0' },
    });
  });
  after(async () => h.close());

  test('a source over its limit gets 429 with Retry-After; another partner is not affected', async () => {
    const noisy = await createSource(h, await createTenant(h));
    const quiet = await createSource(h, await createTenant(h));
    const answers = await burst(h, noisy, 30);
    const accepted = answers.filter((a) => a.status === 202).length;
    const limited = answers.filter((a) => a.status === 429);
    // At most two one-second windows pass during the burst: ≤ 2 × 5 accepted.
    assert.ok(accepted >= 1 && accepted <= 10, `accepted ${accepted} of 30 with a limit of 5/s`);
    assert.equal(accepted + limited.length, 30);
    for (const r of limited) {
      assert.equal(r.body.error.code, 'TooManyRequests');
      assert.ok(Number(r.headers['retry-after']) >= 1);
    }
    const other = await burst(h, quiet, 3);
    assert.deepEqual(
      other.map((a) => a.status),
      [202, 202, 202],
      'another source keeps its own budget',
    );
  });
});

describe('per-partner ingest rate limit', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({
      worker: false,
      env: { HOOKBRIDGE_INGEST_LIMIT_PER_SOURCE: '0', HOOKBRIDGE_INGEST_LIMIT_PER_PARTNER: '8' },
    });
  });
  after(async () => h.close());

  test('a partner’s sources share the partner’s limit', async () => {
    const t = await createTenant(h);
    const [a, b] = [await createSource(h, t), await createSource(h, t)];
    const answers = (await Promise.all([burst(h, a, 15), burst(h, b, 15)])).flat();
    const accepted = answers.filter((x) => x.status === 202).length;
    // Without the partner limit all 30 would pass; with it, at most two windows × 8.
    assert.ok(
      accepted >= 1 && accepted <= 16,
      `two sources of one partner got ${accepted} of 30 through 8/s`,
    );
  });
});

describe('route backlog bound', () => {
  let h: Harness;
  let s: CreatedSource;
  before(async () => {
    // No worker: every accepted webhook leaves a route job waiting.
    h = await startHarness({ worker: false, env: { HOOKBRIDGE_INGEST_MAX_ROUTE_WAITING: '3' } });
    s = await createSource(h, await createTenant(h));
  });
  after(async () => h.close());

  const send = (payload: object) => {
    const body = JSON.stringify(payload);
    return h
      .http()
      .post(s.ingestPath)
      .set({ 'content-type': 'application/json', 'x-signature': hmacSignature(s.secret, body) })
      .send(body);
  };

  test('with more route jobs waiting than HOOKBRIDGE_INGEST_MAX_ROUTE_WAITING, ingest answers 429 until workers catch up', async () => {
    const accepted: string[] = [];
    // One at a time, so each commit adds its own route job; ingest reads the depth twice a second.
    const shed = await waitFor('a webhook shed for the route backlog', async () => {
      const res = await send({ n: accepted.length });
      if (res.status === 202) accepted.push(res.body.eventId as string);
      else return res;
    });
    assert.equal(shed.status, 429);
    assert.equal(shed.headers['retry-after'], '5');
    assert.equal(shed.body.error.code, 'TooManyRequests');
    assert.match(shed.body.error.message, /waiting to be routed/);
    assert.ok(accepted.length >= 3, `${accepted.length} accepted before the bound`);

    await h.startWorker();
    await waitFor('a webhook accepted again', async () => {
      const res = await send({ again: Date.now() });
      return res.status === 202;
    });
    const db = new pg.Client({ connectionString: h.databaseUrl });
    await db.connect();
    try {
      // The source is PENDING, so routing holds them: out of 'received' all the same.
      await waitFor('the events accepted before the bound routed', async () => {
        const { rows } = await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM events WHERE id = ANY($1::uuid[]) AND state <> 'received'`,
          [accepted],
        );
        return rows[0]?.n === accepted.length;
      });
    } finally {
      await db.end();
    }
  });
});
