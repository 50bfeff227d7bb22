import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  getExpectedBodyHash,
  getExpectedTwilioSignature,
  validateRequest,
  validateRequestWithBody,
} from 'twilio/lib/webhooks/webhooks.js';
import { assertFailure, assertOk, settings, webhookRequest } from '../testing/webhook.fixture.js';
import { twilioAdapter } from './twilio.adapter.js';
import { urlCandidates } from './twilio.url.js';

const TOKEN = '12345678901234567890123456789012';
const URL_ = 'https://hooks.example.com/v1/webhooks/src_1?source=sms';
const FORM =
  'MessageSid=SM1&SmsSid=SM1&AccountSid=AC1&From=%2B14155550100&To=%2B14155550111&Body=Hi+there%21&MessageStatus=delivered&MediaUrl=b&MediaUrl=a&MediaUrl=b';
const PARAMS = {
  MessageSid: 'SM1',
  SmsSid: 'SM1',
  AccountSid: 'AC1',
  From: '+14155550100',
  To: '+14155550111',
  Body: 'Hi there!',
  MessageStatus: 'delivered',
  MediaUrl: ['b', 'a', 'b'],
};

function formRequest(
  signature: string | undefined,
  opts: { url?: string; body?: string; extra?: Record<string, string> } = {},
) {
  return webhookRequest({
    body: opts.body ?? FORM,
    url: opts.url ?? URL_,
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      'I-Twilio-Idempotency-Token': 'idem-1',
      ...(signature === undefined ? {} : { 'X-Twilio-Signature': signature }),
      ...opts.extra,
    },
  });
}
const verify = (request: ReturnType<typeof formRequest>, secrets = [TOKEN]) =>
  twilioAdapter.verify(request, settings('twilio', secrets));

describe('twilio verify (signed by twilio.getExpectedTwilioSignature)', () => {
  test('a form webhook verifies, and twilio.validateRequest agrees', () => {
    const signature = getExpectedTwilioSignature(TOKEN, URL_, PARAMS);
    assertOk(verify(formRequest(signature)));
    assert.equal(validateRequest(TOKEN, signature, URL_, PARAMS), true);
  });

  test('the URL is accepted with and without the default port', () => {
    const withPort = 'https://hooks.example.com:443/v1/webhooks/src_1?source=sms';
    assertOk(verify(formRequest(getExpectedTwilioSignature(TOKEN, withPort, PARAMS))));
    assertOk(verify(formRequest(getExpectedTwilioSignature(TOKEN, URL_, PARAMS), { url: withPort })));
    assert.deepEqual(urlCandidates('http://h.example/x'), ['http://h.example/x', 'http://h.example:80/x']);
    assert.deepEqual(urlCandidates('https://[::1]:8443/x'), ['https://[::1]/x', 'https://[::1]:8443/x']);
  });

  test('a query value signed in another escaping than received verifies, as twilio.validateRequest', () => {
    const base = 'https://hooks.example.com/v1/webhooks/src_1';
    const pairs = [
      ['?name=O%27Brien', "?name=O'Brien"],
      ["?name=O'Brien", '?name=O%27Brien'],
      ['?q=a%20b', '?q=a b'],
      ['?q=%7B%7D', '?q={}'],
    ];
    for (const [signed, received] of pairs) {
      const signature = getExpectedTwilioSignature(TOKEN, base + signed, PARAMS);
      assert.equal(validateRequest(TOKEN, signature, base + received, PARAMS), true, received);
      assertOk(verify(formRequest(signature, { url: base + received })));
      assertOk(
        verify(formRequest(signature, { url: `https://hooks.example.com:443/v1/webhooks/src_1${received}` })),
      );
    }
    // Only escaping may differ: another value is still refused.
    const signature = getExpectedTwilioSignature(TOKEN, `${base}?name=O%27Brien`, PARAMS);
    assertFailure(verify(formRequest(signature, { url: `${base}?name=O'Brian` })), 'InvalidSignature');
    // A URL with nothing to normalize still costs two HMACs per secret, not six.
    assert.equal(urlCandidates(URL_).length, 2);
  });

  test('a rotated token verifies', () => {
    assertOk(
      verify(formRequest(getExpectedTwilioSignature('old-token', URL_, PARAMS)), [TOKEN, 'old-token']),
    );
  });

  test('a JSON body signed via bodySHA256 verifies, and twilio.validateRequestWithBody agrees', () => {
    const body = '{"status":"completed","price":0.10}';
    const url = `https://hooks.example.com/v1/webhooks/src_1?bodySHA256=${getExpectedBodyHash(body)}`;
    const signature = getExpectedTwilioSignature(TOKEN, url, {});
    const request = webhookRequest({
      body,
      url,
      headers: { 'X-Twilio-Signature': signature, 'Content-Type': 'application/json' },
    });
    assertOk(verify(request));
    assert.equal(validateRequestWithBody(TOKEN, signature, url, body), true);
    const tampered = { ...request, rawBody: Buffer.from(body.replace('0.10', '0.01')) };
    assertFailure(verify(tampered), 'InvalidSignature', 'bodySHA256');
    assert.equal(twilioAdapter.normalize(request).detailJson, body);
  });

  test('SharedKey webhooks signed with HMAC-SHA256 verify', () => {
    const signature = getExpectedTwilioSignature(TOKEN, URL_, PARAMS, 'HMAC_SHA256');
    const extra = {
      'X-Twilio-Webhooks-Signature-Settings': 'key=webhooks_sharedkey_1,algorithm=HMAC_SHA256',
    };
    assertOk(verify(formRequest(signature, { extra })));
    assertFailure(verify(formRequest(signature)), 'MalformedSignature', 'X-Twilio-Signature');
  });

  test('tampered params, another URL and a wrong token fail with InvalidSignature', () => {
    const signature = getExpectedTwilioSignature(TOKEN, URL_, PARAMS);
    assertFailure(
      verify(formRequest(signature, { body: FORM.replace('delivered', 'failed') })),
      'InvalidSignature',
      'X-Twilio-Signature',
      [TOKEN, signature],
    );
    assertFailure(
      verify(formRequest(signature, { url: 'https://evil.example.com/v1/webhooks/src_1?source=sms' })),
      'InvalidSignature',
    );
    assertFailure(verify(formRequest(getExpectedTwilioSignature('wrong', URL_, PARAMS))), 'InvalidSignature');
  });

  test('missing and malformed headers, and a JSON body without bodySHA256', () => {
    assertFailure(verify(formRequest(undefined)), 'MissingSignature', 'X-Twilio-Signature');
    assertFailure(verify(formRequest('%%%')), 'MalformedSignature', 'X-Twilio-Signature');
    assertFailure(verify(formRequest(Buffer.alloc(32).toString('base64'))), 'MalformedSignature');
    const json = webhookRequest({
      body: '{}',
      headers: {
        'X-Twilio-Signature': Buffer.alloc(20).toString('base64'),
        'content-type': 'application/json',
      },
    });
    assertFailure(verify(json), 'UnsupportedMediaType');
  });
});

describe('twilio dedup and normalize', () => {
  test('dedup key is I-Twilio-Idempotency-Token', () => {
    assert.equal(twilioAdapter.dedupKey(formRequest('x')), 'idem-1');
  });

  test('detail is the form fields; detail-type is the status field; resources the Sids', () => {
    const normalized = twilioAdapter.normalize(formRequest('x'));
    assert.equal(normalized.detailType, 'delivered');
    assert.deepEqual(normalized.resources, ['SM1']);
    assert.deepEqual(JSON.parse(normalized.detailJson), { ...PARAMS, MediaUrl: ['b', 'a', 'b'] });
  });

  test('without a status field the detail-type is "Twilio Webhook"; no immediate reply', () => {
    const request = formRequest('x', { body: 'CallSid=CA1&Digits=1' });
    assert.equal(twilioAdapter.normalize(request).detailType, 'Twilio Webhook');
    assert.equal(twilioAdapter.immediateResponse, undefined);
  });
});
