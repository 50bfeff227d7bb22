import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseVerificationOptions } from '../verification-options.js';
import { assertFailure, assertOk, settings, webhookRequest } from '../testing/webhook.fixture.js';
import { apiKeyAdapter } from './api-key.adapter.js';

const KEY = 'k_9f8e7d6c5b4a';
const verify = (
  init: { headers?: Record<string, string>; url?: string },
  options: Record<string, unknown> = {},
  secrets = [KEY],
) =>
  apiKeyAdapter.verify(
    webhookRequest({ body: '{}', ...init }),
    settings('api-key', secrets, parseVerificationOptions('api-key', options)),
  );

describe('api-key verify', () => {
  test('default header x-api-key; a rotated key verifies', () => {
    assertOk(verify({ headers: { 'X-Api-Key': KEY } }));
    assertOk(verify({ headers: { 'X-Api-Key': 'older' } }, {}, [KEY, 'older']));
  });

  test('a wrong key fails with InvalidSignature; a missing one with MissingSignature', () => {
    assertFailure(verify({ headers: { 'X-Api-Key': 'nope' } }), 'InvalidSignature', 'x-api-key', [KEY]);
    assertFailure(verify({ headers: { 'X-Api-Key': `${KEY}x` } }), 'InvalidSignature');
    assertFailure(verify({}), 'MissingSignature', 'x-api-key');
  });

  test('a custom header, and Bearer on Authorization', () => {
    assertOk(verify({ headers: { 'X-Token': KEY } }, { header: 'X-Token' }));
    assertOk(verify({ headers: { Authorization: `Bearer ${KEY}` } }, { header: 'authorization' }));
  });

  test('a query parameter', () => {
    const options = { queryParam: 'key' };
    assertOk(verify({ url: `https://hooks.example.com/v1/webhooks/s?key=${KEY}` }, options));
    assertFailure(
      verify({ url: 'https://hooks.example.com/v1/webhooks/s?key=bad' }, options),
      'InvalidSignature',
      'key query parameter',
    );
    assertFailure(
      verify({ headers: { 'X-Api-Key': KEY } }, options),
      'MissingSignature',
      'key query parameter',
    );
  });

  test('with header and query parameter both set, either works', () => {
    const options = { header: 'x-api-key', queryParam: 'key' };
    assertOk(verify({ headers: { 'X-Api-Key': KEY } }, options));
    assertOk(verify({ url: `https://h.example/?key=${KEY}` }, options));
  });

  test('options default and validate', () => {
    assert.deepEqual(parseVerificationOptions('api-key', {}), { header: 'x-api-key' });
    assert.deepEqual(parseVerificationOptions('api-key', { queryParam: 'k' }), { queryParam: 'k' });
    assert.throws(() => parseVerificationOptions('api-key', { header: '' }), /verification\.header/);
  });
});
