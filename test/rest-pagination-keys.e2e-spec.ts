import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { HttpSink, waitFor } from '#libs/testing';
import { busWithRules, putRouted } from './support/archive-fixtures.js';
import { admin, as, createTenant, enc, type Tenant } from './support/fixtures.js';
import { startHarness, type Harness } from './support/harness.js';

// A nextToken is not signed: its binding (list, caller, filters) can be copied from a real token and
// its key replaced. Whatever key it then carries, the answer is a 400 "nextToken is not valid.",
// never a 5xx from a time PostgreSQL refuses (year 0, 31 February, beyond its range).

describe('REST list tokens with forged keys', () => {
  let h: Harness;
  let t: Tenant;
  let sink: HttpSink;
  before(async () => {
    sink = await new HttpSink().start();
    h = await startHarness();
    t = await createTenant(h);
  });
  after(async () => {
    await h?.close();
    await sink?.stop();
  });

  const b64 = (v: unknown) =>
    Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
  /** The binding of a real token of the list, with another key. */
  const forged = (real: string, k: string[]) => {
    const { q } = JSON.parse(Buffer.from(real, 'base64url').toString('utf8')) as { q: string };
    return b64({ k, q });
  };
  const UUID = '0190a6a0-0000-7000-8000-000000000000';

  /** Asks `path` for its first page (limit 1) and then for pages after each forged key. */
  async function refusesForgedKeys(path: string, auth: Record<string, string>, keys: string[][]) {
    const first = await h.http().get(path).query({ limit: 1 }).set(auth).expect(200);
    const real = first.body.nextToken as string | undefined;
    assert.ok(real, `${path}: more than one item`);
    for (const k of keys) {
      const res: { status: number; text: string; body: unknown } = await h
        .http()
        .get(path)
        .query({ nextToken: forged(real, k) })
        .set(auth);
      assert.equal(res.status, 400, `${path} key ${JSON.stringify(k)}: ${res.text}`);
      assert.deepEqual(res.body, {
        error: { code: 'ValidationException', message: 'nextToken is not valid.' },
      });
    }
  }

  test("lists keyed by a creation time: the admin's accounts, a partner's sources and their accounts", async () => {
    const times = ['0000-01-01T00:00:00.000000Z', '0000-12-31T23:59:59.999999Z'];
    const second = await createTenant(h);
    await refusesForgedKeys(
      '/v1/accounts',
      admin(h),
      times.map((time) => [time, '111122223333']),
    );
    const name = `aws.partner/${t.partner}/forged`;
    for (const account of [t.accountId, second.accountId]) {
      await h
        .http()
        .post('/v1/partner-event-sources')
        .set(as(t.partnerToken))
        .send({ name, account })
        .expect(201);
      await h
        .http()
        .delete(`/v1/partner-event-sources/${enc(name)}`)
        .query({ account })
        .set(as(t.partnerToken))
        .expect(204);
    }
    const keys = times.map((time) => [name, time, UUID]);
    await refusesForgedKeys('/v1/partner-event-sources', as(t.partnerToken), keys);
    await refusesForgedKeys(`/v1/partner-event-sources/${enc(name)}/accounts`, as(t.partnerToken), keys);
  });

  test('events and deliveries: their own cursors inside the token', async () => {
    await busWithRules(h, t, 'forged', { all: { source: ['test.orders'] } }, sink.url);
    await putRouted(h, t, 'forged', [
      { detail: { n: 1 }, time: new Date() },
      { detail: { n: 2 }, time: new Date() },
    ]);
    await waitFor('two deliveries', async () => {
      const res = await h.http().get('/v1/deliveries').set(as(t.accountToken)).expect(200);
      return res.body.items.length >= 2;
    });
    const cursor = (time: string) => b64(`${time}|${UUID}`);
    await refusesForgedKeys(
      '/v1/events',
      as(t.accountToken),
      ['0000-01-01T00:00:00.000Z', '-000001-01-01T00:00:00.000Z', '+275760-09-13T00:00:00.000Z'].map(
        (time) => [cursor(time)],
      ),
    );
    await refusesForgedKeys(
      '/v1/deliveries',
      as(t.accountToken),
      ['2026-02-31T00:00:00.000000Z', '0000-01-01T00:00:00Z'].map((time) => [b64({ t: time, id: UUID })]),
    );
  });
});
