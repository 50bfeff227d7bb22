import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { VERIFICATION_SCHEMES, type VerifyResult, type WebhookRequest } from './provider.js';
import { getProvider } from './provider.registry.js';
import { parseVerificationOptions } from './verification-options.js';

/** Every header any adapter reads, so random values land where parsers look. */
const KNOWN_HEADERS = [
  'x-hub-signature-256',
  'x-hub-signature',
  'x-github-event',
  'x-github-delivery',
  'stripe-signature',
  'x-shopify-hmac-sha256',
  'shopify-hmac-sha256',
  'x-shopify-topic',
  'x-shopify-webhook-id',
  'x-shopify-triggered-at',
  'x-slack-signature',
  'x-slack-request-timestamp',
  'x-twilio-signature',
  'x-twilio-webhooks-signature-settings',
  'i-twilio-idempotency-token',
  'x-zendesk-webhook-signature',
  'x-zendesk-webhook-signature-timestamp',
  'x-zendesk-webhook-invocation-id',
  'webhook-id',
  'webhook-timestamp',
  'webhook-signature',
  'svix-id',
  'svix-timestamp',
  'svix-signature',
  'x-signature',
  'x-timestamp',
  'x-id',
  'x-event',
  'authorization',
  'x-api-key',
  'content-type',
  '__proto__',
  'constructor',
];

const hex = fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF'), maxLength: 140 });
const b64 = fc.uint8Array({ maxLength: 70 }).map((bytes) => Buffer.from(bytes).toString('base64'));
const headerValue = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  hex.map((h) => `sha256=${h}`),
  hex.map((h) => `v0=${h}`),
  fc.tuple(fc.integer(), hex, hex).map(([t, a, b]) => `t=${t},v1=${a},v0=${b},v1=${b}`),
  fc.array(b64, { maxLength: 3 }).map((list) => list.map((s) => `v1,${s}`).join(' ')),
  b64,
  b64.map((s) => `Basic ${s}`),
  fc.integer({ min: -1e12, max: 1e13 }).map(String),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  fc.constantFrom('application/json', 'application/x-www-form-urlencoded', 'text/plain; charset=utf-8', ''),
);
const headers = fc.dictionary(
  fc.oneof(fc.constantFrom(...KNOWN_HEADERS), fc.string({ maxLength: 20 })),
  headerValue,
  {
    maxKeys: 12,
  },
);
const body = fc.oneof(
  fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
  fc.json().map((text) => Buffer.from(text)),
  fc
    .jsonValue()
    .map((value) => Buffer.from(JSON.stringify({ type: 'event_callback', event: value, payload: value }))),
  fc.dictionary(fc.string(), fc.string()).map((o) => Buffer.from(new URLSearchParams(o).toString())),
  fc.string().map((s) => Buffer.from(`payload=${encodeURIComponent(s)}&command=${encodeURIComponent(s)}`)),
);
const url = fc.oneof(
  fc.webUrl({ withQueryParameters: true }),
  fc.string(),
  hex.map((h) => `https://hooks.example.com:443/x?bodySHA256=${h}&key=${h}`),
);
const request: fc.Arbitrary<WebhookRequest> = fc.record({
  rawBody: body,
  headers,
  url,
  receivedAt: fc.date(),
});
const secrets = fc.array(
  fc.oneof(
    fc.string({ maxLength: 40 }),
    b64.map((s) => `whsec_${s}`),
  ),
  { maxLength: 3 },
);

function assertResultShape(result: VerifyResult): void {
  if (result.ok) return;
  assert.ok([400, 401, 415].includes(result.status));
  assert.equal(typeof result.message, 'string');
}

describe('no scheme throws on random requests', () => {
  for (const scheme of VERIFICATION_SCHEMES) {
    const optionSets = [parseVerificationOptions(scheme, {})];
    if (scheme === 'hmac') {
      optionSets.push(
        parseVerificationOptions('hmac', {
          signedContent: '{id}:{timestamp}:{body}',
          timestampHeader: 'x-timestamp',
          idHeader: 'x-id',
          detailTypeHeader: 'x-event',
          encoding: 'base64',
        }),
      );
    }
    if (scheme === 'api-key')
      optionSets.push(parseVerificationOptions('api-key', { header: 'authorization', queryParam: 'key' }));

    test(`${scheme}: verify, dedupKey, normalize and immediateResponse are total`, () => {
      const adapter = getProvider(scheme);
      fc.assert(
        fc.property(request, secrets, fc.constantFrom(...optionSets), (req, keys, options) => {
          assertResultShape(adapter.verify(req, { scheme, secrets: keys, options }));
          const key = adapter.dedupKey(req, options);
          assert.ok(key === undefined || (typeof key === 'string' && key.length > 0 && key.length <= 256));
          const normalized = adapter.normalize(req, options);
          assert.ok(normalized.detailType.length > 0 && normalized.detailType.length <= 128);
          assert.ok(normalized.time === undefined || !Number.isNaN(normalized.time.getTime()));
          assert.ok(normalized.resources.every((r) => typeof r === 'string' && r !== ''));
          const detail: unknown = JSON.parse(normalized.detailJson);
          assert.ok(typeof detail === 'object' && detail !== null && !Array.isArray(detail));
          adapter.immediateResponse?.(req);
        }),
        { numRuns: 300 },
      );
    });
  }
});
