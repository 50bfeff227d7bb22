import { createHmac } from 'node:crypto';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseVerificationOptions } from '../verification-options.js';
import { ProviderConfigError } from '../provider-config.error.js';
import {
  NOW_SECONDS,
  assertFailure,
  assertOk,
  settings,
  webhookRequest,
} from '../testing/webhook.fixture.js';
import { hmacAdapter } from './hmac.adapter.js';

const SECRET = 'hmac-secret-1';
const BODY = '{"type":"order.paid","amount":10.50}';

function mac(
  algorithm: string,
  secret: string,
  content: string,
  encoding: 'hex' | 'base64' | 'base64url' = 'hex',
) {
  return createHmac(algorithm, secret).update(content).digest(encoding);
}

describe('hmac verify (defaults: x-signature, sha256=, hex, {body})', () => {
  const options = parseVerificationOptions('hmac', {});

  test('defaults are filled in and stored explicitly', () => {
    assert.deepEqual(options, {
      header: 'x-signature',
      prefix: 'sha256=',
      algorithm: 'sha256',
      encoding: 'hex',
      signedContent: '{body}',
    });
  });

  test('a valid signature verifies; a rotated secret too', () => {
    const request = webhookRequest({
      body: BODY,
      headers: { 'X-Signature': `sha256=${mac('sha256', SECRET, BODY)}` },
    });
    assertOk(hmacAdapter.verify(request, settings('hmac', [SECRET], options)));
    assertOk(hmacAdapter.verify(request, settings('hmac', ['newer', SECRET], options)));
  });

  test('tampered body and wrong secret fail with InvalidSignature', () => {
    const request = webhookRequest({
      body: `${BODY} `,
      headers: { 'X-Signature': `sha256=${mac('sha256', SECRET, BODY)}` },
    });
    assertFailure(
      hmacAdapter.verify(request, settings('hmac', [SECRET], options)),
      'InvalidSignature',
      'x-signature',
      [SECRET],
    );
    const other = webhookRequest({
      body: BODY,
      headers: { 'X-Signature': `sha256=${mac('sha256', 'x', BODY)}` },
    });
    assertFailure(
      hmacAdapter.verify(other, settings('hmac', [SECRET], options)),
      'InvalidSignature',
      'x-signature',
    );
  });

  test('missing and malformed headers', () => {
    assertFailure(
      hmacAdapter.verify(webhookRequest({ body: BODY }), settings('hmac', [SECRET], options)),
      'MissingSignature',
      'x-signature',
    );
    for (const bad of [mac('sha256', SECRET, BODY), 'sha256=nothex', `sha256=${mac('sha1', SECRET, BODY)}`]) {
      const request = webhookRequest({ body: BODY, headers: { 'X-Signature': bad } });
      assertFailure(
        hmacAdapter.verify(request, settings('hmac', [SECRET], options)),
        'MalformedSignature',
        'x-signature',
      );
    }
  });
});

describe('hmac with a custom header, algorithm, encoding and timestamped template', () => {
  const options = parseVerificationOptions('hmac', {
    header: 'X-Acme-Signature',
    prefix: '',
    algorithm: 'sha512',
    encoding: 'base64url',
    signedContent: '{timestamp}.{body}',
    timestampHeader: 'X-Acme-Timestamp',
    idHeader: 'X-Acme-Delivery',
    detailTypeHeader: 'X-Acme-Event',
  });
  const signedRequest = (timestamp: number, body = BODY) =>
    webhookRequest({
      body,
      headers: {
        'X-Acme-Signature': mac('sha512', SECRET, `${timestamp}.${BODY}`, 'base64url'),
        'X-Acme-Timestamp': String(timestamp),
        'X-Acme-Delivery': 'dlv_1',
        'X-Acme-Event': 'order.paid',
      },
    });

  test('header names are stored lower-case with a 300 s default tolerance', () => {
    assert.equal(options.header, 'x-acme-signature');
    assert.equal(options.toleranceSeconds, 300);
  });

  test('a current signature verifies', () => {
    assertOk(hmacAdapter.verify(signedRequest(NOW_SECONDS - 10), settings('hmac', [SECRET], options)));
  });

  test('stale and far-future timestamps fail with StaleTimestamp', () => {
    for (const ts of [NOW_SECONDS - 301, NOW_SECONDS + 301]) {
      assertFailure(
        hmacAdapter.verify(signedRequest(ts), settings('hmac', [SECRET], options)),
        'StaleTimestamp',
        'x-acme-timestamp',
      );
    }
  });

  test('a missing or unparsable timestamp fails', () => {
    const request = signedRequest(NOW_SECONDS);
    const noTimestamp = { ...request, headers: { ...request.headers, 'x-acme-timestamp': undefined } };
    assertFailure(
      hmacAdapter.verify(noTimestamp, settings('hmac', [SECRET], options)),
      'MissingSignature',
      'x-acme-timestamp',
    );
    const garbled = { ...request, headers: { ...request.headers, 'x-acme-timestamp': 'yesterday' } };
    assertFailure(
      hmacAdapter.verify(garbled, settings('hmac', [SECRET], options)),
      'MalformedSignature',
      'x-acme-timestamp',
    );
  });

  test('dedup key and detail-type come from the configured headers', () => {
    const request = signedRequest(NOW_SECONDS);
    assert.equal(hmacAdapter.dedupKey(request, options), 'dlv_1');
    const normalized = hmacAdapter.normalize(request, options);
    assert.equal(normalized.detailType, 'order.paid');
    assert.equal(normalized.detailJson, BODY);
    assert.equal(hmacAdapter.normalize(request).detailType, 'Webhook');
    assert.equal(hmacAdapter.dedupKey(request), undefined);
  });
});

describe('hmac options validation', () => {
  const cases: Array<[Record<string, unknown>, string]> = [
    [{ algorithm: 'md5' }, 'verification.algorithm'],
    [{ header: 'bad header' }, 'verification.header'],
    [{ signedContent: '{timestamp}.{body}' }, 'verification.timestampHeader'],
    [{ signedContent: '{nonce}{body}' }, 'verification.signedContent'],
    [{ signedContent: 'no body' }, 'verification.signedContent'],
    [{ toleranceSeconds: 30 }, 'verification.toleranceSeconds'],
    [{ encoding: 'base32' }, 'verification.encoding'],
    [{ headr: 'x' }, 'verification.headr'],
  ];
  for (const [input, field] of cases) {
    test(`${JSON.stringify(input)} is rejected naming ${field}`, () => {
      assert.throws(
        () => parseVerificationOptions('hmac', input),
        (error: unknown) =>
          error instanceof ProviderConfigError && error.field === field && error.message.includes(field),
      );
    });
  }

  test('scheme and secrets keys of the REST verification object are ignored, not stored', () => {
    const options = parseVerificationOptions('hmac', { scheme: 'hmac', secrets: ['s'], encoding: 'base64' });
    assert.equal(options.encoding, 'base64');
    assert.equal('secrets' in options, false);
  });
});
