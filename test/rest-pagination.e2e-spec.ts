import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, type Harness } from './support/harness.js';
import { admin, as, createTenant, enc, type Tenant } from './support/fixtures.js';
import {
  cmp,
  type Item,
  LIST_CASES,
  type ListCase,
  sourceAccountsPath,
  sourceName,
} from './support/list-cases.js';
import { listPage, type Query, walkList } from './support/list-walk.js';

// Every REST list pages the same way: `limit` (1–500, default 100) and an opaque `nextToken` bound
// to its list, caller and filters; `{items, nextToken?}` in a total order (keyset), so a client
// walking the pages sees each item once, even when items come and go between pages.

describe('REST list pagination', () => {
  let h: Harness;
  let t: Tenant;
  let other: Tenant;
  before(async () => {
    h = await startHarness({ worker: false });
    t = await createTenant(h);
    other = await createTenant(h);
  });
  after(async () => h?.close());

  const get = (c: ListCase, tenant: Tenant, query: Query, path = c.path(tenant)) =>
    h.http().get(path).query(query).set(c.auth(h, tenant));

  const ref = (c: ListCase, tenant: Tenant) => ({
    path: c.path(tenant),
    auth: c.auth(h, tenant),
    what: c.name,
  });
  const page = (c: ListCase, tenant: Tenant, query: Query) => listPage(h, ref(c, tenant), query);
  const walk = (c: ListCase, tenant: Tenant, query: Query, between?: (first: Item[]) => Promise<void>) =>
    walkList(h, ref(c, tenant), query, between);

  const ids = (c: ListCase, items: Item[]) => items.map((i) => c.id(i));
  const seed = async (c: ListCase, tenant: Tenant, names: string[]) => {
    for (const n of names) await c.create(h, tenant, n);
  };

  test('a source name deleted and created again lists each of its lives, newest first', async () => {
    const name = sourceName(t, 'history');
    const create = (account: string) =>
      h.http().post('/v1/partner-event-sources').set(as(t.partnerToken)).send({ name, account }).expect(201);
    const remove = (account: string) =>
      h
        .http()
        .delete(`/v1/partner-event-sources/${enc(name)}`)
        .query({ account })
        .set(as(t.partnerToken))
        .expect(204);
    const third = await createTenant(h);
    await create(t.accountId);
    await remove(t.accountId);
    await create(third.accountId);
    await remove(third.accountId);
    await create(t.accountId);
    const history = await walkList(
      h,
      { path: sourceAccountsPath(t, 'history'), auth: as(t.partnerToken), what: 'source accounts' },
      { limit: 1 },
    );
    assert.deepEqual(
      history.map((i) => [i.account, i.state]),
      [
        [t.accountId, 'PENDING'],
        [third.accountId, 'DELETED'],
        [t.accountId, 'DELETED'],
      ],
    );
    assert.deepEqual(
      history.map((i) => i.creationTime),
      history.map((i) => i.creationTime as string).sort((a, b) => cmp(b, a)),
    );
    // Another partner does not learn that the name exists.
    const hidden = await h.http().get(sourceAccountsPath(t, 'history')).set(as(other.partnerToken));
    assert.equal(hidden.status, 404, hidden.text);
  });

  for (const c of LIST_CASES) {
    test(`${c.name}: small pages give every item once, in the list's order`, async () => {
      await seed(c, t, ['a1', 'a2', 'b1', 'b2', 'c1']);
      const all = (await page(c, t, { limit: 500 })).items;
      assert.ok(all.length >= 5, `${c.name}: ${all.length} items`);
      assert.deepEqual(ids(c, all), ids(c, [...all].sort(c.order)), `${c.name}: one page is in order`);
      for (const limit of [1, 2, 3]) {
        const walked = await walk(c, t, { limit });
        assert.deepEqual(ids(c, walked), ids(c, all), `${c.name}: limit ${limit}`);
      }
      // Without a limit: the default page size (100) holds them all, so no token.
      const whole = await page(c, t, {});
      assert.deepEqual(ids(c, whole.items), ids(c, all));
      assert.equal(whole.next, undefined);
    });

    if (c.filter) {
      const filter = c.filter;
      test(`${c.name}: a filter and pagination together`, async () => {
        const query = filter.query(t);
        const all = (await page(c, t, { limit: 500 })).items;
        const expected = all.filter((i) => filter.matches(i, t));
        assert.ok(expected.length >= 2 && expected.length < all.length, `${c.name}: the filter picks some`);
        const walked = await walk(c, t, { ...query, limit: 1 });
        assert.deepEqual(ids(c, walked), ids(c, expected));
      });
    }

    if (c.remove) {
      const remove = c.remove;
      test(`${c.name}: items deleted or created between pages`, async () => {
        const before = (await page(c, t, { limit: 500 })).items;
        let gone: string[] = [];
        let added: Item | undefined;
        const walked = await walk(c, t, { limit: 2 }, async (first) => {
          // One item already seen and the last one, not yet seen, go; one sorting last comes.
          const names = ['a1', 'c1'];
          for (const n of names) await remove(h, t, n);
          await c.create(h, t, 'zz');
          const now = (await page(c, t, { limit: 500 })).items;
          gone = ids(c, before).filter((id) => !ids(c, now).includes(id));
          added = now.find((i) => !ids(c, before).includes(c.id(i)));
          assert.equal(gone.length, 2, `${c.name}: two deleted`);
          assert.ok(
            ids(c, first).some((id) => gone.includes(id)),
            `${c.name}: one was on the first page`,
          );
        });
        const seen = ids(c, walked);
        assert.equal(new Set(seen).size, seen.length, `${c.name}: no item twice`);
        const unseenGone = gone.filter((id) => !ids(c, before.slice(0, 2)).includes(id));
        assert.deepEqual(
          seen.filter((id) => unseenGone.includes(id)),
          [],
          `${c.name}: a deleted item is not listed`,
        );
        const stayed = ids(c, before).filter((id) => !gone.includes(id));
        assert.deepEqual(
          stayed.filter((id) => !seen.includes(id)),
          [],
          `${c.name}: every item that stayed is listed`,
        );
        assert.ok(
          added && seen.includes(c.id(added)),
          `${c.name}: an item created after the cursor is listed`,
        );
        assert.deepEqual(seen, ids(c, [...walked].sort(c.order)), `${c.name}: in order`);
      });
    }

    test(`${c.name}: a bad limit or token is a 400 in the error shape`, async () => {
      for (const limit of ['0', '-1', '501', 'abc', '1.5', '', '1e9']) {
        const res = await get(c, t, { limit });
        assert.equal(res.status, 400, `${c.name} limit=${limit}: ${res.text}`);
        assert.deepEqual(Object.keys(res.body), ['error']);
        assert.equal(res.body.error.code, 'ValidationException');
        assert.match(res.body.error.message, /limit/);
      }
      const b64 = (v: unknown) =>
        Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
      for (const nextToken of ['not a token!', b64('plain text'), b64({ k: [1], q: 'x' }), b64({ k: [] })]) {
        const res = await get(c, t, { nextToken });
        assert.equal(res.status, 400, `${c.name} nextToken=${nextToken}: ${res.text}`);
        assert.equal(res.body.error.code, 'ValidationException');
        assert.equal(res.body.error.message, 'nextToken is not valid.');
      }
      // A token of the right list whose key is forged: a 400, never a database error.
      const real = (await page(c, t, { limit: 1 })).next;
      assert.ok(real, `${c.name}: more than one item`);
      const { q } = JSON.parse(Buffer.from(real, 'base64url').toString()) as { q: string };
      for (const k of [['a\u0000'], ['2026-02-31T00:00:00.000000Z', '1'], ['x', 'not a time', 'not an id']]) {
        const res = await get(c, t, { nextToken: b64({ k, q }) });
        assert.equal(res.status, 400, `${c.name} key ${JSON.stringify(k)}: ${res.text}`);
        assert.equal(res.body.error.message, 'nextToken is not valid.');
      }
    });

    test(`${c.name}: a token is bound to its list, caller and filters`, async () => {
      const token = (await page(c, t, { limit: 1 })).next;
      assert.ok(token);
      // Another limit is fine.
      await page(c, t, { limit: 2, nextToken: token });
      const refused = async (res: Awaited<ReturnType<typeof get>>, what: string) => {
        assert.equal(res.status, 400, `${c.name} ${what}: ${res.text}`);
        assert.equal(res.body.error.code, 'ValidationException');
        assert.match(res.body.error.message, /nextToken was issued for another list, caller or filters/);
      };
      if (c.filter)
        await refused(await get(c, t, { ...c.filter.query(t), nextToken: token }), 'with a filter');
      const elsewhere = LIST_CASES.find((x) => x.auth === c.auth && x.path(t) !== c.path(t));
      if (elsewhere) await refused(await get(elsewhere, t, { nextToken: token }), `on ${elsewhere.name}`);
      if (c.scoped) await refused(await get(c, other, { nextToken: token }), 'by another tenant');
    });

    if (c.scoped) {
      test(`${c.name}: another tenant's walk sees none of the tenant's items`, async () => {
        await seed(c, other, ['o1', 'o2']);
        const mine = ids(c, (await page(c, t, { limit: 500 })).items);
        const theirs = ids(c, await walk(c, other, { limit: 1 }));
        assert.ok(theirs.length >= 1);
        assert.deepEqual(
          theirs.filter((id) => mine.includes(id)),
          [],
        );
      });
    }
  }

  test('without a limit a list answers 100 items and a token; limit=500 answers up to 500', async () => {
    const many = await createTenant(h);
    for (let i = 0; i < 101; i++)
      await h
        .http()
        .post('/v1/event-buses')
        .set(as(many.accountToken))
        .send({ name: `many-${String(i).padStart(3, '0')}` })
        .expect(201);
    const first = await h.http().get('/v1/event-buses').set(as(many.accountToken)).expect(200);
    assert.equal(first.body.items.length, 100);
    assert.ok(first.body.nextToken);
    const rest = await h
      .http()
      .get('/v1/event-buses')
      .query({ nextToken: first.body.nextToken })
      .set(as(many.accountToken))
      .expect(200);
    assert.deepEqual(
      rest.body.items.map((b: Item) => b.name),
      ['many-099', 'many-100'],
    );
    assert.equal('nextToken' in rest.body, false);
    const whole = await h.http().get('/v1/event-buses?limit=500').set(as(many.accountToken)).expect(200);
    assert.equal(whole.body.items.length, 102);
    assert.equal('nextToken' in whole.body, false);
  });

  test('the events and deliveries lists bind their tokens too', async () => {
    const put = await h
      .http()
      .post('/v1/events')
      .set(as(t.accountToken))
      .send({ entries: [1, 2, 3].map((n) => ({ source: 'shop', detailType: 'order', detail: { n } })) })
      .expect(200);
    assert.equal(put.body.failedEntryCount, 0);
    const first = await h.http().get('/v1/events').query({ limit: 1 }).set(as(t.accountToken)).expect(200);
    assert.ok(first.body.nextToken);
    const more = await h
      .http()
      .get('/v1/events')
      .query({ limit: 5, nextToken: first.body.nextToken })
      .set(as(t.accountToken))
      .expect(200);
    assert.equal(more.body.items.length, 2);
    const refused = await h
      .http()
      .get('/v1/events')
      .query({ source: 'shop', nextToken: first.body.nextToken })
      .set(as(t.accountToken))
      .expect(400);
    assert.match(refused.body.error.message, /issued for another list/);
    const onDeliveries = await h
      .http()
      .get('/v1/deliveries')
      .query({ nextToken: first.body.nextToken })
      .set(as(t.accountToken))
      .expect(400);
    assert.equal(onDeliveries.body.error.code, 'ValidationException');
    const admins = await h.http().get('/v1/accounts').query({ limit: 0 }).set(admin(h)).expect(400);
    assert.equal(admins.body.error.code, 'ValidationException');
  });
});
