import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { AwsError } from './aws-error.js';
import { paginate, validate } from './operation.js';

describe('paginate', () => {
  const items = ['d', 'b', 'a', 'c', 'e'];

  test('pages in key order; the token survives an item removed between calls', () => {
    const first = paginate(items, { Limit: 2 }, (x) => x);
    assert.deepEqual(first.items, ['a', 'b']);
    const second = paginate(
      items.filter((x) => x !== 'b'),
      { Limit: 2, NextToken: first.nextToken },
      (x) => x,
    );
    assert.deepEqual(second.items, ['c', 'd']);
    const last = paginate(items, { Limit: 2, NextToken: second.nextToken }, (x) => x);
    assert.deepEqual([last.items, last.nextToken], [['e'], undefined]);
  });

  test('a foreign token is a ValidationException', () => {
    assert.throws(
      () => paginate(items, { NextToken: 'nope' }, (x) => x),
      (e) => e instanceof AwsError && e.type === 'ValidationException',
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
