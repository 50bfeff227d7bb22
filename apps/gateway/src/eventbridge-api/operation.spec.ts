import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { badToken, type KeysetPage } from '#libs/domain';
import { AwsError } from './aws-error.js';
import { DEFAULT_LIMIT, operationPage, validate } from './operation.js';

describe('operationPage', () => {
  const names = ['a', 'b', 'c', 'd', 'e'];
  /** A keyset list over `names`, as a domain service gives it. */
  const read = async (page: KeysetPage) => {
    if (page.after !== undefined && page.after.length !== 1) throw badToken();
    const rest = names.filter((n) => page.after === undefined || n > (page.after[0] ?? ''));
    const items = rest.slice(0, page.limit);
    return rest.length > page.limit ? { items, lastKey: [items.at(-1) ?? ''] } : { items };
  };
  const scope = (filters: Record<string, string | undefined> = {}, owner = '111122223333') => ({
    operation: 'ListEventBuses',
    owner,
    filters,
  });
  const refused = (message: RegExp) => (e: unknown) =>
    e instanceof AwsError && e.type === 'ValidationException' && message.test(e.message);

  test('pages with Limit (default 100); NextToken only while more follow', async () => {
    const first = await operationPage(scope(), { Limit: 2 }, read);
    assert.deepEqual(first.items, ['a', 'b']);
    assert.ok(first.nextToken);
    const last = await operationPage(scope(), { Limit: 3, NextToken: first.nextToken }, read);
    assert.deepEqual(last, { items: ['c', 'd', 'e'], nextToken: undefined });
    let asked: number | undefined;
    await operationPage(scope(), {}, async (p) => {
      asked = p.limit;
      return { items: [] };
    });
    assert.equal(asked, DEFAULT_LIMIT);
  });

  test('a NextToken is bound to the operation, the caller and the filters, not to Limit', async () => {
    const { nextToken } = await operationPage(scope({ NamePrefix: undefined }), { Limit: 1 }, read);
    await operationPage(scope(), { Limit: 4, NextToken: nextToken }, read);
    const other = /^The NextToken was issued for another operation, caller or filters/;
    const again = (s: ReturnType<typeof scope>) => operationPage(s, { NextToken: nextToken }, read);
    await assert.rejects(again(scope({ NamePrefix: 'a' })), refused(other));
    await assert.rejects(again(scope({}, '999988887777')), refused(other));
    await assert.rejects(again({ ...scope(), operation: 'ListRules' }), refused(other));
  });

  test('a NextToken that is not one it gave, or whose key does not fit the list, is not valid', async () => {
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    // The binding of scope(), taken from a real token: a forged key under the right binding.
    const { nextToken } = await operationPage(scope(), { Limit: 1 }, read);
    const q = (JSON.parse(Buffer.from(nextToken ?? '', 'base64url').toString()) as { q: string }).q;
    for (const token of ['nope', '%%%', b64({ a: 'b' }), b64({ k: [], q }), b64({ k: ['a', 'b'], q })])
      await assert.rejects(
        operationPage(scope(), { NextToken: token }, read),
        refused(/^The NextToken is not valid\.$/),
        token,
      );
  });
});

test('validate words problems like AWS, members in lower camel case', () => {
  assert.throws(
    () =>
      validate(z.object({ Name: z.string(), Entries: z.array(z.object({ DetailType: z.string() })) }), {
        Entries: [{}],
      }),
    (e) =>
      e instanceof AwsError &&
      e.type === 'ValidationException' &&
      /^2 validation errors detected: Value at 'name' failed .*; Value at 'entries\.0\.detailType' failed/.test(
        e.message,
      ),
  );
});
