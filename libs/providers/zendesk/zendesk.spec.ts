import { createHmac } from 'node:crypto';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  NOW_SECONDS,
  assertFailure,
  assertOk,
  settings,
  webhookRequest,
} from '../testing/webhook.fixture.js';
import { zendeskAdapter } from './zendesk.adapter.js';

// Zendesk ships no signing SDK; its documented algorithm is signed here with node:crypto.
// The secret is the public "static secret for test webhooks" seen in public test suites.
const SECRET = 'dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ==';
const BODY =
  '{"type":"zen:event-type:ticket.created","account_id":123,"id":"01HX","time":"2026-05-01T11:59:58Z",' +
  '"subject":"zen:ticket:456","detail":{"id":"456","priority":"HIGH"},"event":{}}';

function iso(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
}

function zendeskRequest(
  opts: { secret?: string; timestamp?: string; body?: string; signedBody?: string } = {},
) {
  const timestamp = opts.timestamp ?? iso(NOW_SECONDS);
  const signature = createHmac('sha256', opts.secret ?? SECRET)
    .update(timestamp + (opts.signedBody ?? opts.body ?? BODY))
    .digest('base64');
  return webhookRequest({
    body: opts.body ?? BODY,
    headers: {
      'X-Zendesk-Webhook-Signature': signature,
      'X-Zendesk-Webhook-Signature-Timestamp': timestamp,
      'X-Zendesk-Webhook-Invocation-Id': '8350205582',
      'X-Zendesk-Webhook-Id': '01GXAWK5',
      'Content-Type': 'application/json',
    },
  });
}
const verify = (request: ReturnType<typeof zendeskRequest>, options = {}, secrets = [SECRET]) =>
  zendeskAdapter.verify(request, settings('zendesk', secrets, options));

describe('zendesk verify', () => {
  test('a valid signature over timestamp + body verifies (ISO and Unix timestamps)', () => {
    assertOk(verify(zendeskRequest()));
    assertOk(verify(zendeskRequest({ timestamp: String(NOW_SECONDS) })));
  });

  test('an empty body (GET/DELETE deliveries) signs the timestamp alone', () => {
    assertOk(verify(zendeskRequest({ body: '' })));
  });

  test('a rotated secret verifies', () => {
    assertOk(verify(zendeskRequest({ secret: 'old' }), {}, [SECRET, 'old']));
  });

  test('tampered body and wrong secret fail with InvalidSignature', () => {
    assertFailure(
      verify(zendeskRequest({ signedBody: BODY, body: BODY.replace('HIGH', 'LOW') })),
      'InvalidSignature',
      'X-Zendesk-Webhook-Signature',
      [SECRET],
    );
    assertFailure(
      verify(zendeskRequest({ secret: 'wrong' })),
      'InvalidSignature',
      'X-Zendesk-Webhook-Signature',
    );
  });

  test('stale and far-future timestamps fail with StaleTimestamp; 0 switches the window off', () => {
    const stale = zendeskRequest({ timestamp: iso(NOW_SECONDS - 301) });
    assertFailure(verify(stale), 'StaleTimestamp', 'X-Zendesk-Webhook-Signature-Timestamp');
    assertFailure(verify(zendeskRequest({ timestamp: iso(NOW_SECONDS + 301) })), 'StaleTimestamp');
    assertOk(verify(stale, { toleranceSeconds: 0 }));
    assertOk(verify(stale, { toleranceSeconds: 600 }));
  });

  test('missing and malformed headers', () => {
    const request = zendeskRequest();
    const set = (name: string, value: string | undefined) => ({
      ...request,
      headers: { ...request.headers, [name]: value },
    });
    assertFailure(
      verify(set('x-zendesk-webhook-signature', undefined)),
      'MissingSignature',
      'X-Zendesk-Webhook-Signature',
    );
    assertFailure(
      verify(set('x-zendesk-webhook-signature-timestamp', undefined)),
      'MissingSignature',
      'X-Zendesk-Webhook-Signature-Timestamp',
    );
    assertFailure(
      verify(set('x-zendesk-webhook-signature', 'sha256=abc')),
      'MalformedSignature',
      'X-Zendesk-Webhook-Signature',
    );
    assertFailure(
      verify(set('x-zendesk-webhook-signature-timestamp', 'noon')),
      'MalformedSignature',
      'X-Zendesk-Webhook-Signature-Timestamp',
    );
  });
});

describe('zendesk dedup and normalize', () => {
  test('dedup on the invocation id; detail-type, time, resources from the event body', () => {
    const request = zendeskRequest();
    assert.equal(zendeskAdapter.dedupKey(request), '8350205582');
    const normalized = zendeskAdapter.normalize(request);
    assert.equal(normalized.detailType, 'zen:event-type:ticket.created');
    assert.equal(normalized.time?.toISOString(), '2026-05-01T11:59:58.000Z');
    assert.deepEqual(normalized.resources, ['zen:ticket:456']);
    assert.equal(normalized.detailJson, BODY);
  });

  test('a trigger webhook with a custom body falls back to "Zendesk Webhook"', () => {
    assert.equal(
      zendeskAdapter.normalize(zendeskRequest({ body: '{"ticket":"1"}' })).detailType,
      'Zendesk Webhook',
    );
  });
});
