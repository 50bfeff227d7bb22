import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { OAuthTokenCache, type TokenFetchResult } from './oauth-token.cache.js';

describe('OAuthTokenCache', () => {
  const token = (accessToken: string, expiresAt?: number): TokenFetchResult<string> => ({
    ok: true,
    token: { accessToken, expiresAt },
  });

  test('reuses a token until refreshSkewMs before it expires', async () => {
    let now = 0;
    let fetches = 0;
    const cache = new OAuthTokenCache(() => now, 1_000);
    const fetch = async () => token(`t${++fetches}`, now + 10_000);
    assert.deepEqual(await cache.get('k', fetch), {
      ok: true,
      token: { accessToken: 't1', expiresAt: 10_000 },
      fresh: true,
    });
    now = 8_999;
    assert.equal((await cache.get('k', fetch)).ok && fetches, 1);
    now = 9_000;
    const refreshed = await cache.get('k', fetch);
    assert.equal(refreshed.ok && refreshed.token.accessToken, 't2');
  });

  test('a token without expiry lives until invalidated; a stale invalidate is ignored', async () => {
    const cache = new OAuthTokenCache();
    let fetches = 0;
    const fetch = async () => token(`t${++fetches}`);
    const first = await cache.get('k', fetch);
    assert.ok(first.ok);
    cache.invalidate('k', first.token);
    const second = await cache.get('k', fetch);
    assert.ok(second.ok);
    cache.invalidate('k', first.token); // a late 401 for the old token must not drop the new one
    const third = await cache.get('k', fetch);
    assert.equal(third.ok && third.token.accessToken, 't2');
    assert.equal(third.ok && third.fresh, false);
  });

  test('failures are returned and not cached', async () => {
    const cache = new OAuthTokenCache();
    const failed = await cache.get<string>('k', async () => ({ ok: false, failure: 'nope' }));
    assert.deepEqual(failed, { ok: false, failure: 'nope' });
    assert.equal(cache.size, 0);
  });

  test('stays bounded: expired tokens go first, then the least recently fetched', async () => {
    let now = 0;
    const cache = new OAuthTokenCache(() => now, 0, 3);
    await cache.get('expiring', async () => token('e', 50));
    await cache.get('a', async () => token('a'));
    await cache.get('b', async () => token('b'));
    now = 100;
    await cache.get('c', async () => token('c'));
    assert.equal(cache.size, 3);
    const kept = async (key: string) => {
      const r = await cache.get(key, async () => token('refetched'));
      return r.ok && !r.fresh;
    };
    assert.deepEqual([await kept('a'), await kept('b'), await kept('c')], [true, true, true]);
    await cache.get('d', async () => token('d'));
    assert.equal(cache.size, 3);
    assert.equal(await kept('a'), false, 'the oldest fetch made room');
  });
});
