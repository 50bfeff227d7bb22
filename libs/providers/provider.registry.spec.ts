import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { VERIFICATION_SCHEMES } from './provider.js';
import { ProviderConfigError } from './provider-config.error.js';
import { getProvider } from './provider.registry.js';
import { generateSecret, schemeUsesSecrets, validateSecret } from './secrets.js';
import { parseVerificationOptions } from './verification-options.js';
import { bodyHashDedupKey } from './shared/fields.js';

describe('registry', () => {
  test('every scheme has exactly its own adapter', () => {
    for (const scheme of VERIFICATION_SCHEMES) assert.equal(getProvider(scheme).scheme, scheme);
  });

  test('an unknown scheme is a ProviderConfigError on verification.scheme', () => {
    assert.throws(
      () => getProvider('gitlab'),
      (e: unknown) => e instanceof ProviderConfigError && e.field === 'verification.scheme',
    );
  });
});

describe('parseVerificationOptions', () => {
  test('every scheme accepts empty options and returns its defaults', () => {
    const expected: Record<string, unknown> = {
      github: { allowSha1: false },
      stripe: { toleranceSeconds: 300 },
      slack: { toleranceSeconds: 300 },
      zendesk: { toleranceSeconds: 300 },
      'standard-webhooks': { toleranceSeconds: 300 },
      'api-key': { header: 'x-api-key' },
    };
    for (const scheme of VERIFICATION_SCHEMES) {
      const options = parseVerificationOptions(scheme, undefined);
      if (scheme in expected) assert.deepEqual(options, expected[scheme], scheme);
    }
  });

  test('bad fields are named', () => {
    const cases: Array<[string, unknown, string]> = [
      ['github', { allowSha1: 'yes' }, 'verification.allowSha1'],
      ['stripe', { toleranceSeconds: 0 }, 'verification.toleranceSeconds'],
      ['slack', { toleranceSeconds: 1.5 }, 'verification.toleranceSeconds'],
      ['shopify', { topic: 'x' }, 'verification.topic'],
      ['basic', { idHeader: 'a b' }, 'verification.idHeader'],
    ];
    for (const [scheme, input, field] of cases) {
      assert.throws(
        () => parseVerificationOptions(scheme, input),
        (e: unknown) => e instanceof ProviderConfigError && e.field === field && e.message.includes(field),
        `${scheme} ${JSON.stringify(input)}`,
      );
    }
    assert.throws(() => parseVerificationOptions('hmac', 'nope'), ProviderConfigError);
  });
});

describe('secrets', () => {
  test('generated secrets have the scheme format and pass validateSecret', () => {
    for (const scheme of VERIFICATION_SCHEMES) {
      const secret = generateSecret(scheme);
      assert.notEqual(secret, generateSecret(scheme), 'random');
      assert.equal(validateSecret(scheme, secret), secret);
    }
    assert.match(generateSecret('standard-webhooks'), /^whsec_[A-Za-z0-9+/]{43}=$/);
    assert.match(generateSecret('basic'), /^hookbridge:[A-Za-z0-9_-]{43}$/);
    assert.match(generateSecret('github'), /^[0-9a-f]{64}$/);
    assert.equal(schemeUsesSecrets('none'), false);
    assert.equal(schemeUsesSecrets('stripe'), true);
  });

  test('validateSecret rejects bad secrets without echoing them', () => {
    const cases: Array<[Parameters<typeof validateSecret>[0], unknown]> = [
      ['basic', 'no-colon-here'],
      ['standard-webhooks', 'whsec_short'],
      ['standard-webhooks', 'whsec_not*base64*at*all*but*long*enough*xx'],
      ['github', ''],
      ['github', ' padded '],
      ['hmac', 42],
    ];
    for (const [scheme, secret] of cases) {
      assert.throws(
        () => validateSecret(scheme, secret),
        (e: unknown) =>
          e instanceof ProviderConfigError &&
          e.field === 'verification.secrets' &&
          (typeof secret !== 'string' || secret.trim() === '' || !e.message.includes(secret)),
      );
    }
  });
});

test('bodyHashDedupKey is the SHA-256 hex of the raw bytes', () => {
  assert.equal(
    bodyHashDedupKey(Buffer.from('abc')),
    'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
  );
});
