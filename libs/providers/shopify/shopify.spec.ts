import { createHmac } from 'node:crypto';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import '@shopify/shopify-api/adapters/node';
import { ApiVersion, LogSeverity, shopifyApi } from '@shopify/shopify-api';
import { assertFailure, assertOk, settings, webhookRequest } from '../testing/webhook.fixture.js';
import { shopifyAdapter } from './shopify.adapter.js';

// @shopify/shopify-api has no signer: we sign with node:crypto and let its validator judge the
// same fixtures, so both implementations are checked against each other.
const SECRET = 'shpss_client_secret_1';
const BODY =
  '{"id":820982911946154508,"admin_graphql_api_id":"gid://shopify/Order/820982911946154508","total_price":"10.00"}';

const sign = (body: string, secret = SECRET) => createHmac('sha256', secret).update(body).digest('base64');

function classicHeaders(hmac: string): Record<string, string> {
  return {
    'x-shopify-hmac-sha256': hmac,
    'x-shopify-topic': 'orders/create',
    'x-shopify-shop-domain': 'acme.myshopify.com',
    'x-shopify-api-version': '2025-01',
    'x-shopify-webhook-id': 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043',
    'x-shopify-triggered-at': '2026-05-01T11:59:58.123Z',
    'content-type': 'application/json',
  };
}

function eventsHeaders(hmac: string): Record<string, string> {
  return {
    'shopify-hmac-sha256': hmac,
    'shopify-topic': 'orders/create',
    'shopify-shop-domain': 'acme.myshopify.com',
    'shopify-api-version': '2026-04',
    'shopify-webhook-id': 'evt-wh-1',
    'shopify-event-id': 'evt-1',
  };
}

async function shopifyAccepts(
  body: string,
  headers: Record<string, string>,
  secret = SECRET,
): Promise<boolean> {
  const shopify = shopifyApi({
    apiKey: 'client-id',
    apiSecretKey: secret,
    hostName: 'hooks.example.com',
    apiVersion: ApiVersion.January25,
    isEmbeddedApp: false,
    logger: { level: LogSeverity.Error, log: async () => undefined },
  });
  const result = await shopify.webhooks.validate({
    rawBody: body,
    rawRequest: { headers, method: 'POST', url: '/' },
    rawResponse: {},
  });
  return result.valid;
}

describe('shopify verify', () => {
  test('a classic X-Shopify-Hmac-Sha256 delivery verifies, and @shopify/shopify-api agrees', async () => {
    const headers = classicHeaders(sign(BODY));
    assertOk(shopifyAdapter.verify(webhookRequest({ body: BODY, headers }), settings('shopify', [SECRET])));
    assert.equal(await shopifyAccepts(BODY, headers), true);
  });

  test('an events delivery with un-prefixed headers verifies, and @shopify/shopify-api agrees', async () => {
    const headers = eventsHeaders(sign(BODY));
    assertOk(shopifyAdapter.verify(webhookRequest({ body: BODY, headers }), settings('shopify', [SECRET])));
    assert.equal(await shopifyAccepts(BODY, headers), true);
  });

  test('a rotated secret verifies', () => {
    const request = webhookRequest({ body: BODY, headers: classicHeaders(sign(BODY, 'old')) });
    assertOk(shopifyAdapter.verify(request, settings('shopify', [SECRET, 'old'])));
  });

  test('tampered body and wrong secret fail, and @shopify/shopify-api rejects them too', async () => {
    const tampered = BODY.replace('10.00', '0.01');
    const headers = classicHeaders(sign(BODY));
    const result = shopifyAdapter.verify(
      webhookRequest({ body: tampered, headers }),
      settings('shopify', [SECRET]),
    );
    assertFailure(result, 'InvalidSignature', 'X-Shopify-Hmac-Sha256', [SECRET, sign(tampered)]);
    assert.equal(await shopifyAccepts(tampered, headers), false);
    const wrong = classicHeaders(sign(BODY, 'wrong'));
    assertFailure(
      shopifyAdapter.verify(webhookRequest({ body: BODY, headers: wrong }), settings('shopify', [SECRET])),
      'InvalidSignature',
    );
    assert.equal(await shopifyAccepts(BODY, wrong), false);
  });

  test('missing and malformed headers', () => {
    const verify = (hmac: string | undefined) =>
      shopifyAdapter.verify(
        webhookRequest({ body: BODY, headers: hmac === undefined ? {} : { 'x-shopify-hmac-sha256': hmac } }),
        settings('shopify', [SECRET]),
      );
    assertFailure(verify(undefined), 'MissingSignature', 'X-Shopify-Hmac-Sha256');
    assertFailure(verify('not base64!'), 'MalformedSignature', 'X-Shopify-Hmac-Sha256');
    assertFailure(verify(Buffer.alloc(20).toString('base64')), 'MalformedSignature', 'X-Shopify-Hmac-Sha256');
    assertFailure(verify(createHmac('sha256', SECRET).update(BODY).digest('hex')), 'MalformedSignature');
  });
});

describe('shopify dedup and normalize', () => {
  test('dedup key is the webhook id, from either header family', () => {
    assert.equal(
      shopifyAdapter.dedupKey(webhookRequest({ body: BODY, headers: classicHeaders('x') })),
      'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043',
    );
    assert.equal(
      shopifyAdapter.dedupKey(webhookRequest({ body: BODY, headers: eventsHeaders('x') })),
      'evt-wh-1',
    );
  });

  test('detail-type = topic, time = triggered-at, resources = admin_graphql_api_id; big ids survive', () => {
    const normalized = shopifyAdapter.normalize(webhookRequest({ body: BODY, headers: classicHeaders('x') }));
    assert.equal(normalized.detailType, 'orders/create');
    assert.equal(normalized.time?.toISOString(), '2026-05-01T11:59:58.123Z');
    assert.deepEqual(normalized.resources, ['gid://shopify/Order/820982911946154508']);
    assert.equal(normalized.detailJson, BODY);
  });
});
