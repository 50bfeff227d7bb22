import { before, after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, type Harness } from './support/harness.js';
import { as, createTenant, type Tenant } from './support/fixtures.js';

// Searching stored events with an event pattern (GET /v1/events?pattern=…): the same pattern
// language as rules, matched against each stored envelope, newest first, paged over sparse matches.

describe('event search by pattern', () => {
  let h: Harness;
  let t: Tenant;
  before(async () => {
    h = await startHarness({ worker: false });
    t = await createTenant(h);
    // 30 events on the default bus, put one at a time so that they are received in order: n = 0…29;
    // every tenth is a "big" order.
    for (let n = 0; n < 30; n++) {
      const kind = n % 10 === 0 ? 'big' : 'small';
      const res = await h
        .http()
        .post('/v1/events')
        .set(as(t.accountToken))
        .send({ entries: [{ source: 'shop', detailType: `order.${kind}`, detail: { n, kind } }] })
        .expect(200);
      assert.equal(res.body.failedEntryCount, 0);
    }
  });
  after(async () => h?.close());

  type Page = { items: Array<{ id: string }>; nextToken?: string; scanned?: number };
  const search = async (query: Record<string, string | number>, status = 200) =>
    (await h.http().get('/v1/events').query(query).set(as(t.accountToken)).expect(status)).body;
  /** The `n` of each listed event, read from its trace. */
  const ns = async (page: Page) =>
    Promise.all(
      page.items.map(async (e) => {
        const trace = await h.http().get(`/v1/events/${e.id}`).set(as(t.accountToken)).expect(200);
        return (trace.body.envelope as { detail: { n: number } }).detail.n;
      }),
    );
  const big = JSON.stringify({ detail: { kind: ['big'] } });

  test('only the events whose envelope matches, newest first, with how many were looked at', async () => {
    const page = (await search({ pattern: big })) as Page;
    assert.deepEqual(await ns(page), [20, 10, 0]);
    assert.equal(page.scanned, 30);
    assert.equal(page.nextToken, undefined);
    const numeric = (await search({
      pattern: JSON.stringify({ detail: { n: [{ numeric: ['>=', 27] }] } }),
    })) as Page;
    assert.deepEqual(await ns(numeric), [29, 28, 27]);
    // Combined with the other filters.
    const none = (await search({ pattern: big, detailType: 'order.small' })) as Page;
    assert.deepEqual(none.items, []);
  });

  test('pages by limit, and goes on over sparse matches when the scan budget ends first', async () => {
    const first = (await search({ pattern: big, limit: 2 })) as Page;
    assert.deepEqual(await ns(first), [20, 10]);
    assert.ok(first.nextToken);
    const rest = (await search({ pattern: big, limit: 2, nextToken: first.nextToken })) as Page;
    assert.deepEqual(await ns(rest), [0]);
    assert.equal(rest.nextToken, undefined);
    // The matches fill the page and the range ends there: no token to a page of nothing.
    const exact = (await search({ pattern: big, limit: 3 })) as Page;
    assert.deepEqual([await ns(exact), exact.nextToken], [[20, 10, 0], undefined]);

    // Five events looked at per request: pages with no match still hand on a token.
    const found: number[] = [];
    const scannedPerPage: number[] = [];
    let token: string | undefined;
    do {
      const page = (await search({
        pattern: big,
        maxScan: 5,
        ...(token ? { nextToken: token } : {}),
      })) as Page;
      found.push(...(await ns(page)));
      scannedPerPage.push(page.scanned ?? -1);
      token = page.nextToken;
    } while (token && scannedPerPage.length < 10);
    assert.deepEqual(found, [20, 10, 0]);
    assert.ok(
      scannedPerPage.every((s) => s <= 5),
      scannedPerPage.join(','),
    );
    assert.equal(
      scannedPerPage.reduce((a, b) => a + b, 0),
      30,
    );
  });

  test('a pattern or a token that is not valid is a 400 in the error shape', async () => {
    const bad = await search({ pattern: JSON.stringify({ detail: { n: [{ numeric: ['>>', 1] }] } }) }, 400);
    assert.equal(bad.error.code, 'InvalidEventPatternException');
    const notJson = await search({ pattern: '{"detail":' }, 400);
    assert.equal(notJson.error.code, 'InvalidEventPatternException');
    const forged = await search(
      { pattern: big, nextToken: Buffer.from(`${new Date().toISOString()}|x`).toString('base64url') },
      400,
    );
    assert.equal(forged.error.message, 'nextToken is not valid.');
    const tooMuch = await search({ pattern: big, maxScan: 100_001 }, 400);
    assert.equal(typeof tooMuch.error.message, 'string');
  });
});
