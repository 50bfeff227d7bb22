import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { ProviderConfigError } from '../provider-config.error.js';
import { optionsReader } from './options.js';

describe('optionsReader', () => {
  const schema = z.strictObject({ header: z.string().default('x-sig') });

  test('equal options read from separate objects give the same parsed value', () => {
    const reader = optionsReader('test', schema);
    const first = reader.read({ header: 'x-one' });
    assert.deepEqual(first, { header: 'x-one' });
    assert.equal(reader.read({ header: 'x-one' }), first);
    assert.deepEqual(reader.read({ header: 'x-two' }), { header: 'x-two' });
    assert.deepEqual(reader.read(undefined), { header: 'x-sig' });
  });

  test('invalid options throw every time, and readLenient falls back to the defaults', () => {
    const reader = optionsReader('test', schema);
    for (let i = 0; i < 2; i++)
      assert.throws(() => reader.read({ header: 'x', other: 1 }), ProviderConfigError);
    assert.deepEqual(reader.readLenient({ header: 'x', other: 1 }), { header: 'x-sig' });
  });
});
