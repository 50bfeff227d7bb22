import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError, type KeysetPage } from '#libs/domain';
import { DEFAULT_PAGE_SIZE, restPage } from './pagination.js';

describe('restPage', () => {
  const names = ['a', 'b', 'c', 'd', 'e'];
  /** A keyset list over `names`, as a repository gives it. */
  const read = async (page: KeysetPage) => {
    const rest = names.filter((n) => page.after === undefined || n > (page.after[0] ?? ''));
    const items = rest.slice(0, page.limit);
    return rest.length > page.limit ? { items, lastKey: [items.at(-1) ?? ''] } : { items };
  };
  const scope = (query: Record<string, unknown>, owner = '111122223333') => ({
    list: ['event-buses'],
    owner,
    query,
  });
  const refused = (message: RegExp) => (e: unknown) =>
    e instanceof DomainError && e.code === 'ValidationException' && message.test(e.message);

  test('pages with the limit (default 100); nextToken only while more follow', async () => {
    const first = await restPage(scope({ limit: 2 }), read);
    assert.deepEqual(first.items, ['a', 'b']);
    assert.ok(first.nextToken);
    const last = await restPage(scope({ limit: 3, nextToken: first.nextToken }), read);
    assert.deepEqual(last, { items: ['c', 'd', 'e'] });
    let asked: number | undefined;
    await restPage(scope({}), async (p) => {
      asked = p.limit;
      return { items: [] };
    });
    assert.equal(asked, DEFAULT_PAGE_SIZE);
  });

  test('a token is bound to the list, the caller and the filters, not to the limit', async () => {
    const { nextToken } = await restPage(scope({ limit: 1, namePrefix: '' }), read);
    // An empty filter is no filter.
    await restPage(scope({ limit: 4, nextToken }), read);
    const other = /issued for another list, caller or filters/;
    await assert.rejects(restPage(scope({ nextToken, namePrefix: 'a' }), read), refused(other));
    await assert.rejects(restPage(scope({ nextToken }, '999988887777'), read), refused(other));
    await assert.rejects(
      restPage({ list: ['connections'], owner: '111122223333', query: { nextToken } }, read),
      refused(other),
    );
  });

  test('a token that is not one it gave is "nextToken is not valid."', async () => {
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    for (const nextToken of ['%%%', 'bm90IGpzb24', b64({ k: 'a', q: 'x' }), b64({ k: [], q: 'x' }), b64([1])])
      await assert.rejects(
        restPage(scope({ nextToken }), read),
        refused(/^nextToken is not valid\.$/),
        nextToken,
      );
  });
});
