import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { hmacSignature } from '#libs/testing';
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
