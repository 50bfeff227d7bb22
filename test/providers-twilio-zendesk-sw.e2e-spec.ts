import { randomUUID, randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertAccepted,
  assertError,
  post,
  testSource,
  type Wire,
} from './support/providers/ingest-client.js';
import { schemeContract, withHeaders, without } from './support/providers/scheme-contract.js';
import {
  nowSeconds,
  standardWebhookHeaders,
  twilioBodyHash,
  twilioSignature,
  zendeskSignature,
} from './support/providers/signers.js';
import {
  PUBLIC_URL,
  bodyOf,
  envTime,
  form,
  hex,
  iso,
  json,
  parse,
  useProviderWorld,
} from './support/providers/spec-setup.js';

const w = useProviderWorld();

describe('twilio (signed by twilio-node)', () => {
  const params = () => ({
    MessageSid: `SM${hex()}`,
    AccountSid: 'AC1',
    From: '+14155550100',
    To: '+14155550111',
    Body: 'Hi ünï & =!',
    MessageStatus: 'delivered',
    MediaUrl: ['https://b.example/1', 'https://a.example/2'],
  });
  const formBody = (p: Record<string, string | string[]>) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(p)) for (const one of [v].flat()) q.append(k, one);
    return q.toString();
  };
  const twilioHeaders = (signature: string, type = form) => ({
    ...type,
    'x-twilio-signature': signature,
    'i-twilio-idempotency-token': randomUUID(),
  });
  const twilioMalformed = (x: Wire) => [
    withHeaders(x, { 'x-twilio-signature': 'not base64!' }),
    withHeaders(x, { 'x-twilio-signature': randomBytes(32).toString('base64') }),
  ];

  describe('form body, signed over the ingest URL and the sorted parameters', () => {
    schemeContract(w, {
      verification: { scheme: 'twilio' },
      issuer: 'provider',
      newSecret: () => hex(),
      sign: (secret, { source }) => {
        const p = params();
        return { body: formBody(p), headers: twilioHeaders(twilioSignature(secret, source.ingestUrl, p)) };
      },
      missing: (x) => [without(x, 'x-twilio-signature')],
      malformed: twilioMalformed,
      bodySigned: true,
      timestamped: false,
      envelope: (env, x) => {
        const sid = new URLSearchParams(x.body).get('MessageSid');
        assert.equal(env['detail-type'], 'delivered');
        assert.deepEqual(env.resources, [sid]);
        assert.deepEqual(bodyOf(env).MediaUrl, ['https://b.example/1', 'https://a.example/2']);
      },
    });
  });

  describe('JSON body, covered by bodySHA256 in the signed URL', () => {
    schemeContract(w, {
      verification: { scheme: 'twilio' },
      issuer: 'provider',
      newSecret: () => hex(),
      sign: (secret, { source }) => {
        const body = JSON.stringify({ CallSid: `CA${hex()}`, CallStatus: 'completed', Duration: '42' });
        const query = `?bodySHA256=${twilioBodyHash(body)}`;
        return {
          body,
          query,
          headers: twilioHeaders(twilioSignature(secret, `${source.ingestUrl}${query}`, {}), json),
        };
      },
      missing: (x) => [without(x, 'x-twilio-signature')],
      malformed: twilioMalformed,
      bodySigned: true,
      timestamped: false,
      envelope: (env, x) => {
        assert.equal(env['detail-type'], 'completed');
        assert.deepEqual(env.resources, [parse(x).CallSid]);
      },
    });
  });

  test('the signed URL may carry the default port (:443), a query string, or SHA-256 (SharedKey); another URL is refused', async () => {
    const { h, t } = w();
    const token = hex();
    const s = await testSource(h, t, { scheme: 'twilio', secrets: [token] });
    assert.ok(s.ingestUrl.startsWith(`${PUBLIC_URL}/ingest/`), s.ingestUrl);
    const send = (
      sign: (p: Record<string, string | string[]>) => string,
      query = '',
      extra: Record<string, string> = {},
    ) => {
      const p = params();
      return post(h, s, { body: formBody(p), query, headers: { ...twilioHeaders(sign(p)), ...extra } });
    };
    const withPort = s.ingestUrl.replace(PUBLIC_URL, `${PUBLIC_URL}:443`);
    assertAccepted(await send((p) => twilioSignature(token, withPort, p)));
    assertAccepted(await send((p) => twilioSignature(token, `${s.ingestUrl}?To=me&n=1`, p), '?To=me&n=1'));
    // Twilio may sign a query value escaped and send it unescaped, or the reverse (twilio-node's fallback).
    assertAccepted(await send((p) => twilioSignature(token, `${s.ingestUrl}?n=O%27Brien`, p), "?n=O'Brien"));
    assertAccepted(await send((p) => twilioSignature(token, `${s.ingestUrl}?n=O'Brien`, p), '?n=O%27Brien'));
    assertAccepted(
      await send((p) => twilioSignature(token, s.ingestUrl, p, 'HMAC_SHA256'), '', {
        'x-twilio-webhooks-signature-settings': 'key=webhooks_sharedkey_1,algorithm=HMAC_SHA256',
      }),
    );
    assertError(
      await send((p) =>
        twilioSignature(token, s.ingestUrl.replace('hooks.example.com', 'evil.example.com'), p),
      ),
      401,
      'InvalidSignature',
    );
    assertError(
      await send((p) => twilioSignature(token, s.ingestUrl.replace('https:', 'http:'), p)),
      401,
      'InvalidSignature',
    );
    assertError(
      await send((p) => twilioSignature(token, `${s.ingestUrl}?To=me`, p), '?To=you'),
      401,
      'InvalidSignature',
    );
  });

  test('a JSON body without bodySHA256 → 415 UnsupportedMediaType', async () => {
    const { h, t } = w();
    const token = hex();
    const s = await testSource(h, t, { scheme: 'twilio', secrets: [token] });
    const res = await post(h, s, {
      body: '{"CallSid":"CA1"}',
      headers: twilioHeaders(twilioSignature(token, s.ingestUrl, {}), json),
    });
    assertError(res, 415, 'UnsupportedMediaType', [token]);
  });
});

describe('zendesk (signed with node:crypto)', () => {
  schemeContract(w, {
    verification: { scheme: 'zendesk' },
    issuer: 'provider',
    newSecret: () => randomBytes(32).toString('base64'),
    sign: (secret, { at }) => {
      const ts = iso(at).replace(/\.\d{3}Z$/, 'Z');
      const ticket = Math.floor(Math.random() * 1e9);
      const body = JSON.stringify({
        type: 'zen:event-type:ticket.created',
        account_id: 1,
        id: randomUUID(),
        time: ts,
        subject: `zen:ticket:${ticket}`,
        detail: { id: String(ticket) },
      });
      return {
        body,
        headers: {
          ...json,
          'x-zendesk-webhook-signature': zendeskSignature(secret, ts, body),
          'x-zendesk-webhook-signature-timestamp': ts,
          'x-zendesk-webhook-invocation-id': randomUUID(),
        },
      };
    },
    missing: (x) => [
      without(x, 'x-zendesk-webhook-signature'),
      without(x, 'x-zendesk-webhook-signature-timestamp'),
    ],
    malformed: (x) => [
      withHeaders(x, { 'x-zendesk-webhook-signature': 'not base64!' }),
      withHeaders(x, { 'x-zendesk-webhook-signature': randomBytes(20).toString('base64') }),
      withHeaders(x, { 'x-zendesk-webhook-signature-timestamp': 'last tuesday' }),
    ],
    bodySigned: true,
    timestamped: true,
    envelope: (env, x) => {
      const body = parse(x);
      assert.equal(env['detail-type'], 'zen:event-type:ticket.created');
      assert.equal(env.time, body.time);
      assert.deepEqual(env.resources, [body.subject]);
    },
  });
});

describe('standard-webhooks', () => {
  const swCase = (set: 'webhook' | 'svix') => ({
    verification: { scheme: 'standard-webhooks' },
    issuer: 'hookbridge' as const,
    newSecret: () => `whsec_${randomBytes(32).toString('base64')}`,
    sign: (secret: string, { at }: { at: number }) => {
      const body = JSON.stringify({
        type: 'invoice.paid',
        timestamp: iso(at),
        data: { id: `inv_${hex(12)}`, total: 12.5 },
      });
      return {
        body,
        headers: { ...json, ...standardWebhookHeaders(set, secret, `msg_${hex(24)}`, at, body) },
      };
    },
    missing: (x: Wire) => [
      without(x, `${set}-signature`),
      without(x, `${set}-id`),
      without(x, `${set}-timestamp`),
    ],
    malformed: (x: Wire) => [
      withHeaders(x, { [`${set}-signature`]: 'v1' }),
      withHeaders(x, { [`${set}-signature`]: 'v1,!!!notbase64' }),
      withHeaders(x, { [`${set}-signature`]: `v1,${randomBytes(16).toString('base64')}` }),
      withHeaders(x, { [`${set}-timestamp`]: 'now' }),
    ],
    bodySigned: true,
    timestamped: true,
    envelope: (env: Record<string, unknown>, x: Wire) => {
      assert.equal(env['detail-type'], 'invoice.paid');
      assert.equal(env.time, envTime(Date.parse(parse(x).timestamp as string) / 1000));
    },
  });

  describe('webhook-* headers (signed by standardwebhooks)', () => schemeContract(w, swCase('webhook')));
  describe('svix-* headers (signed by svix)', () => schemeContract(w, swCase('svix')));

  test('the two header sets never mix, and a signature with only other versions is refused', async () => {
    const { h, t } = w();
    const secret = `whsec_${randomBytes(32).toString('base64')}`;
    const s = await testSource(h, t, { scheme: 'standard-webhooks', secrets: [secret] });
    const body = JSON.stringify({ type: 'x', n: hex() });
    const svix = standardWebhookHeaders('svix', secret, `msg_${hex()}`, nowSeconds(), body);
    const mixed = {
      ...json,
      'webhook-signature': svix['svix-signature'] ?? '',
      'svix-id': svix['svix-id'] ?? '',
      'svix-timestamp': svix['svix-timestamp'] ?? '',
    };
    assertError(await post(h, s, { body, headers: mixed }), 401, 'MissingSignature');
    const onlyV1a = { ...json, ...svix, 'svix-signature': `v1a,${randomBytes(64).toString('base64')}` };
    assertError(await post(h, s, { body, headers: onlyV1a }), 401, 'InvalidSignature');
    assertAccepted(
      await post(h, s, {
        body,
        headers: {
          ...json,
          ...svix,
          'svix-signature': `v1a,${randomBytes(64).toString('base64')} ${svix['svix-signature']}`,
        },
      }),
    );
  });
});
