import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError } from './domain-error.js';
import { keysetPage, timeIdKey } from './keyset.js';
import { UUID } from './names.js';

describe('keysetPage', () => {
  const rows = [{ name: 'a' }, { name: 'b' }, { name: 'c' }];

  test('the extra row only tells that more follow: its key is the last shown', () => {
    assert.deepEqual(
      keysetPage(rows, { limit: 2 }, 'name', (r) => r.name),
      { items: ['a', 'b'], lastKey: ['b'] },
    );
    assert.deepEqual(
      keysetPage(rows, { limit: 3 }, 'name', (r) => r.name),
      { items: ['a', 'b', 'c'] },
    );
    assert.deepEqual(
      keysetPage(rows, undefined, 'name', (r) => r.name),
      { items: ['a', 'b', 'c'] },
    );
  });
});

describe('timeIdKey', () => {
  const id = '0b7c6a52-2d0e-4c4b-9a43-0c1c3c0e6a11';
  const bad = (e: unknown) => e instanceof DomainError && e.message === 'nextToken is not valid.';

  test('takes a real time with microseconds and an id of the pattern', () => {
    assert.deepEqual(timeIdKey(['2026-07-14T10:00:00.123456Z', id], UUID), {
      time: '2026-07-14T10:00:00.123456Z',
      id,
    });
  });

  test('refuses what PostgreSQL would fail on, and keys of another shape', () => {
    for (const key of [
      ['2026-02-31T00:00:00.000000Z', id],
      ['2026-07-14T24:00:00.000000Z', id],
      ['0000-01-01T00:00:00.000000Z', id],
      ['2026-07-14T10:00:00Z', id],
      ['2026-07-14T10:00:00.123456Z', 'not-a-uuid'],
      ['2026-07-14T10:00:00.123456Z'],
      ['2026-07-14T10:00:00.123456Z', id, 'more'],
    ])
      assert.throws(() => timeIdKey(key, UUID), bad, JSON.stringify(key));
  });
});
