import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { HttpSink } from '#libs/testing';
import { startHarness } from './support/harness.js';
import { as, createTenant, type Tenant } from './support/fixtures.js';
import {
  addSecret,
  assertAccepted,
  assertError,
  post,
  storedEvents,
  retireSecret,
  routedEnvelope,
  routedSource,
  testSource,
  type TestSource,
  type Wire,
} from './support/providers/ingest-client.js';
import {
  schemeContract,
  withHeaders,
  without,
  type ProviderWorld,
} from './support/providers/scheme-contract.js';
import {
  GITHUB_TEST_VECTOR,
  basicAuthorization,
  githubSignature,
  hmacDigest,
  nowSeconds,
  shopifySignature,
  slackSignature,
  standardWebhookHeaders,
  stripeSignature,
  twilioBodyHash,
  twilioSignature,
  zendeskSignature,
} from './support/providers/signers.js';

// Every webhook here goes through the real HTTP endpoint of a running gateway, and the valid ones
// through the worker, so the envelope is the one a target would receive. The signers are the
// vendors' own libraries (see support/providers/signers.ts), never Hookbridge's verifiers.

/** What the ingest URL is built from: Twilio signs it, so tests sign it too. */
const PUBLIC_URL = 'https://hooks.example.com';

let world: ProviderWorld;
const w = () => world;
before(async () => {
  const h = await startHarness({ env: { HOOKBRIDGE_PUBLIC_URL: PUBLIC_URL } });
  world = { h, t: await createTenant(h), sink: await new HttpSink().start() };
});
after(async () => {
  await world?.h.close();
  await world?.sink.stop();
});

const hex = (n = 32) => randomBytes(n / 2).toString('hex');
const json = { 'content-type': 'application/json' };
const form = { 'content-type': 'application/x-www-form-urlencoded' };
const iso = (seconds: number) => new Date(seconds * 1000).toISOString();
/** The ISO form the envelope uses for `time` (no milliseconds). */
const envTime = (seconds: number) => iso(seconds).replace(/\.\d{3}Z$/, 'Z');
const bodyOf = (env: Record<string, unknown>) => env.detail as Record<string, unknown>;
const parse = (wire: Wire) => JSON.parse(wire.body) as Record<string, unknown>;

describe('github (signed by @octokit/webhooks-methods)', () => {
  const repo = 'https://github.com/acme/widgets';
  schemeContract(w, {
    verification: { scheme: 'github' },
    issuer: 'hookbridge',
    newSecret: () => hex(40),
    sign: async (secret) => {
      const n = randomUUID();
      const body = JSON.stringify({
        action: 'opened',
        number: 7,
        pull_request: { html_url: `${repo}/pull/7`, n },
        repository: { html_url: repo },
      });
      return {
        body,
        headers: {
          ...json,
          'x-github-event': 'pull_request',
          'x-github-delivery': n,
          'x-hub-signature-256': await githubSignature(secret, body),
        },
      };
    },
    missing: (x) => [without(x, 'x-hub-signature-256'), withHeaders(x, { 'x-hub-signature-256': '' })],
    malformed: (x) => [
      withHeaders(x, { 'x-hub-signature-256': 'sha1=0123456789abcdef0123456789abcdef01234567' }),
      withHeaders(x, { 'x-hub-signature-256': 'sha256=zz' }),
      withHeaders(x, { 'x-hub-signature-256': `sha256=${hex(40)}` }),
    ],
    bodySigned: true,
    timestamped: false,
    envelope: (env) => {
      assert.equal(env['detail-type'], 'pull_request');
      assert.deepEqual(env.resources, [repo, `${repo}/pull/7`]);
      assert.equal(bodyOf(env).action, 'opened');
    },
  });

  test("GitHub's published test vector verifies through the endpoint", async () => {
    const { h, t } = w();
    assert.equal(
      await githubSignature(GITHUB_TEST_VECTOR.secret, GITHUB_TEST_VECTOR.payload),
      GITHUB_TEST_VECTOR.signature,
    );
    const s = await testSource(h, t, { scheme: 'github', secrets: [GITHUB_TEST_VECTOR.secret] });
    const wire = {
      body: GITHUB_TEST_VECTOR.payload,
      headers: { ...json, 'x-hub-signature-256': GITHUB_TEST_VECTOR.signature },
    };
    assertAccepted(await post(h, s, wire));
    assertError(await post(h, s, { ...wire, body: 'Hello, World?' }), 401, 'InvalidSignature');
  });

  test('the legacy SHA-1 header counts only with allowSha1 and never downgrades a SHA-256 one', async () => {
    const { h, t } = w();
    const secret = hex(40);
    const plain = await testSource(h, t, { scheme: 'github', secrets: [secret] });
    const sha1Only = await testSource(h, t, { scheme: 'github', allowSha1: true, secrets: [secret] });
    const body = JSON.stringify({ zen: randomUUID() });
    const sha1 = { 'x-hub-signature': `sha1=${hmacDigest('sha1', 'hex', secret, body)}` };
    assertError(await post(h, plain, { body, headers: { ...json, ...sha1 } }), 401, 'MissingSignature');
    assertError(
      await post(h, sha1Only, {
        body,
        headers: { ...json, ...sha1, 'x-hub-signature-256': await githubSignature('wrong', body) },
      }),
      401,
      'InvalidSignature',
    );
    assertAccepted(await post(h, sha1Only, { body, headers: { ...json, ...sha1 } }));
  });
});

describe('stripe (signed by stripe.webhooks.generateTestHeaderString)', () => {
  schemeContract(w, {
    verification: { scheme: 'stripe' },
    issuer: 'provider',
    newSecret: () => `whsec_${randomBytes(24).toString('base64url')}`,
    sign: (secret, { at }) => {
      const id = `evt_${hex(24)}`;
      const body = JSON.stringify({
        id,
        object: 'event',
        created: at,
        type: 'payment_intent.succeeded',
        data: { object: { id: `pi_${id.slice(4)}`, amount: 1050 } },
      });
      return { body, headers: { ...json, 'stripe-signature': stripeSignature(secret, body, at) } };
    },
    missing: (x) => [without(x, 'stripe-signature')],
    malformed: (x) => {
      const v1 = /v1=([0-9a-f]+)/.exec(x.headers['stripe-signature'] ?? '')?.[1] ?? '';
      return [
        withHeaders(x, { 'stripe-signature': `t=soon,v1=${v1}` }),
        withHeaders(x, { 'stripe-signature': `v1=${v1}` }),
        withHeaders(x, { 'stripe-signature': `t=${nowSeconds()},v1=zz` }),
        withHeaders(x, { 'stripe-signature': 'garbage' }),
      ];
    },
    bodySigned: true,
    timestamped: true,
    envelope: (env, x) => {
      const body = parse(x);
      assert.equal(env['detail-type'], 'payment_intent.succeeded');
      assert.equal(env.time, envTime(body.created as number));
      assert.deepEqual(env.resources, [(body.data as { object: { id: string } }).object.id]);
    },
  });

  test('any v1 may match (secret roll), but a v0 that would match is ignored', async () => {
    const { h, t } = w();
    const secret = `whsec_${hex()}`;
    const s = await testSource(h, t, { scheme: 'stripe', secrets: [secret] });
    const at = nowSeconds();
    const body = JSON.stringify({ id: `evt_${hex(24)}`, type: 'charge.succeeded', created: at });
    const mine = stripeSignature(secret, body, at).split(',')[1];
    const other = stripeSignature('whsec_other', body, at).split(',')[1];
    assertAccepted(
      await post(h, s, { body, headers: { ...json, 'stripe-signature': `t=${at},${other},${mine}` } }),
    );
    const v0 = stripeSignature(secret, JSON.stringify({ id: `evt_${hex(24)}` }), at);
    const onlyV0 = v0.replace('v1=', 'v0=');
    assertError(
      await post(h, s, {
        body: JSON.stringify({ id: 'x' }),
        headers: { ...json, 'stripe-signature': onlyV0 },
      }),
      401,
      'InvalidSignature',
    );
  });
});

describe('shopify (signed with node:crypto)', () => {
  schemeContract(w, {
    verification: { scheme: 'shopify' },
    issuer: 'provider',
    newSecret: () => `shpss_${hex()}`,
    sign: (secret, { at }) => {
      const n = Math.floor(Math.random() * 1e12);
      const body = JSON.stringify({
        id: n,
        admin_graphql_api_id: `gid://shopify/Order/${n}`,
        total_price: '10.00',
      });
      return {
        body,
        headers: {
          ...json,
          'x-shopify-hmac-sha256': shopifySignature(secret, body),
          'x-shopify-topic': 'orders/create',
          'x-shopify-webhook-id': randomUUID(),
          'x-shopify-triggered-at': iso(at),
        },
      };
    },
    missing: (x) => [without(x, 'x-shopify-hmac-sha256')],
    malformed: (x) => [
      withHeaders(x, { 'x-shopify-hmac-sha256': 'not base64 at all!' }),
      withHeaders(x, { 'x-shopify-hmac-sha256': randomBytes(16).toString('base64') }),
    ],
    bodySigned: true,
    timestamped: false,
    envelope: (env, x) => {
      assert.equal(env['detail-type'], 'orders/create');
      assert.equal(env.time, envTime(Date.parse(x.headers['x-shopify-triggered-at'] ?? '') / 1000));
      assert.deepEqual(env.resources, [parse(x).admin_graphql_api_id]);
    },
  });

  test('the un-prefixed header names of the newer "events" webhooks work too', async () => {
    const { h, t, sink } = w();
    const secret = `shpss_${hex()}`;
    const s = await routedSource(h, t, sink, { scheme: 'shopify', secrets: [secret] });
    const body = JSON.stringify({ id: 1, admin_graphql_api_id: 'gid://shopify/Product/1' });
    const id = randomUUID();
    const headers = {
      ...json,
      'shopify-hmac-sha256': shopifySignature(secret, body),
      'shopify-topic': 'products/update',
      'shopify-webhook-id': id,
    };
    const eventId = assertAccepted(await post(h, s, { body, headers }));
    assert.equal((await routedEnvelope(h, t, eventId))['detail-type'], 'products/update');
    const again = await post(h, s, {
      body: `${body} `,
      headers: { ...headers, 'shopify-hmac-sha256': shopifySignature(secret, `${body} `) },
    });
    assert.equal(again.status, 200, 'shopify-webhook-id is the dedup key');
  });
});

describe('slack (signed with node:crypto)', () => {
  const slackWire = (
    secret: string,
    at: number,
    body: string,
    type: Record<string, string> = json,
  ): Wire => ({
    body,
    headers: {
      ...type,
      'x-slack-request-timestamp': String(at),
      'x-slack-signature': slackSignature(secret, String(at), body),
    },
  });
  schemeContract(w, {
    verification: { scheme: 'slack' },
    issuer: 'provider',
    newSecret: () => hex(),
    sign: (secret, { at }) =>
      slackWire(
        secret,
        at,
        JSON.stringify({
          token: 'x',
          team_id: 'T1',
          type: 'event_callback',
          event_id: `Ev${hex(16)}`,
          event_time: at,
          event: { type: 'app_mention', text: 'hi' },
        }),
      ),
    missing: (x) => [without(x, 'x-slack-signature'), without(x, 'x-slack-request-timestamp')],
    malformed: (x) => [
      withHeaders(x, { 'x-slack-signature': x.headers['x-slack-signature']?.replace('v0=', 'v1=') ?? '' }),
      withHeaders(x, { 'x-slack-signature': 'v0=zz' }),
      withHeaders(x, { 'x-slack-request-timestamp': 'yesterday' }),
    ],
    bodySigned: true,
    timestamped: true,
    envelope: (env, x) => {
      assert.equal(env['detail-type'], 'app_mention');
      assert.equal(env.time, envTime(parse(x).event_time as number));
    },
  });

  let secret: string;
  let s: TestSource;
  before(async () => {
    const { h, t, sink } = w();
    secret = hex();
    s = await routedSource(h, t, sink, { scheme: 'slack', secrets: [secret] });
  });

  test('url_verification is answered with the challenge only after verifying, and is not stored', async () => {
    const { h } = w();
    const challenge = `c-${hex(16)}`;
    const body = JSON.stringify({ token: 'x', challenge, type: 'url_verification' });
    const ok = await post(h, s, slackWire(secret, nowSeconds(), body));
    assert.equal(ok.status, 200);
    assert.match(String(ok.headers['content-type']), /^text\/plain/);
    assert.equal(ok.text, challenge);
    assertError(await post(h, s, { body, headers: json }), 401, 'MissingSignature');
    const forged = await post(h, s, slackWire(hex(), nowSeconds(), body));
    assertError(forged, 401, 'InvalidSignature');
    assert.ok(!forged.text.includes(challenge), 'a forged handshake gets no challenge back');
    assertError(await post(h, s, slackWire(secret, nowSeconds() - 3600, body)), 401, 'StaleTimestamp');
    assert.deepEqual(await storedEvents(h, s.name), [], 'the handshake never becomes an event');
  });

  test('slash commands and interactivity (form bodies) verify and get their detail-type', async () => {
    const { h, t } = w();
    const command = new URLSearchParams({
      command: '/deploy',
      text: 'prod now',
      trigger_id: hex(16),
      user_id: 'U1',
    }).toString();
    const cmdId = assertAccepted(await post(h, s, slackWire(secret, nowSeconds(), command, form)));
    const payload = JSON.stringify({
      type: 'block_actions',
      trigger_id: hex(16),
      actions: [{ action_id: 'a1' }],
    });
    const interactive = new URLSearchParams({ payload }).toString();
    const actId = assertAccepted(await post(h, s, slackWire(secret, nowSeconds(), interactive, form)));
    const cmd = await routedEnvelope(h, t, cmdId);
    assert.equal(cmd['detail-type'], 'slash_command');
    assert.equal(bodyOf(cmd).text, 'prod now');
    const act = await routedEnvelope(h, t, actId);
    assert.equal(act['detail-type'], 'block_actions');
    assert.deepEqual(bodyOf(act), JSON.parse(payload));
  });
});

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

describe('hmac (generic)', () => {
  describe('defaults: X-Signature: sha256=<hex> over the body', () => {
    schemeContract(w, {
      verification: { scheme: 'hmac' },
      issuer: 'hookbridge',
      newSecret: () => hex(),
      sign: (secret) => {
        const body = JSON.stringify({ order: randomUUID(), total: 250.0 });
        return {
          body,
          headers: { ...json, 'x-signature': `sha256=${hmacDigest('sha256', 'hex', secret, body)}` },
        };
      },
      missing: (x) => [without(x, 'x-signature')],
      malformed: (x) => [
        withHeaders(x, { 'x-signature': 'sha256=zz' }),
        withHeaders(x, { 'x-signature': `md5=${hex()}` }),
        withHeaders(x, { 'x-signature': `sha256=${hex()}` }),
      ],
      bodySigned: true,
      timestamped: false,
      envelope: (env) => {
        assert.equal(env['detail-type'], 'Webhook');
        assert.deepEqual(env.resources, []);
      },
    });
  });

  describe('custom header, prefix, algorithm, encoding, template, timestamp and id', () => {
    const options = {
      scheme: 'hmac',
      header: 'X-Acme-Signature',
      prefix: 'v1=',
      algorithm: 'sha512',
      encoding: 'base64url',
      signedContent: 'acme:{timestamp}.{id}.{body}',
      timestampHeader: 'X-Acme-Timestamp',
      idHeader: 'X-Acme-Delivery',
      detailTypeHeader: 'X-Acme-Event',
    };
    const sign = (
      secret: string,
      at: number,
      id = randomUUID(),
      body = JSON.stringify({ n: hex(), amount: 1.1 }),
    ): Wire => ({
      body,
      headers: {
        ...json,
        'X-Acme-Signature': `v1=${hmacDigest('sha512', 'base64url', secret, `acme:${at}.${id}.${body}`)}`,
        'X-Acme-Timestamp': String(at),
        'X-Acme-Delivery': id,
        'X-Acme-Event': 'order.shipped',
      },
    });
    schemeContract(w, {
      verification: options,
      issuer: 'hookbridge',
      newSecret: () => hex(),
      sign: (secret, { at }) => sign(secret, at),
      missing: (x) => [
        without(x, 'X-Acme-Signature'),
        without(x, 'X-Acme-Timestamp'),
        without(x, 'X-Acme-Delivery'),
      ],
      malformed: (x) => [
        withHeaders(x, {
          'X-Acme-Signature': (x.headers['X-Acme-Signature'] ?? '').replace('v1=', 'sha512='),
        }),
        withHeaders(x, { 'X-Acme-Signature': 'v1=***' }),
        withHeaders(x, { 'X-Acme-Signature': `v1=${randomBytes(32).toString('base64url')}` }),
        withHeaders(x, { 'X-Acme-Timestamp': 'soon' }),
      ],
      bodySigned: true,
      timestamped: true,
      envelope: (env) => assert.equal(env['detail-type'], 'order.shipped'),
    });

    test('the id header is the dedup key; ms and ISO timestamps are signed as their exact text', async () => {
      const { h, t } = w();
      const secret = hex();
      const s = await testSource(h, t, { ...options, secrets: [secret] });
      const id = randomUUID();
      const first = assertAccepted(await post(h, s, sign(secret, nowSeconds(), id)));
      const again = await post(h, s, sign(secret, nowSeconds(), id, JSON.stringify({ other: 'body' })));
      assert.deepEqual(again.body, { eventId: first, duplicate: true });
      const ms = String(Date.now());
      const body = JSON.stringify({ n: hex() });
      const id2 = randomUUID();
      const msWire = {
        body,
        headers: {
          ...json,
          'X-Acme-Signature': `v1=${hmacDigest('sha512', 'base64url', secret, `acme:${ms}.${id2}.${body}`)}`,
          'X-Acme-Timestamp': ms,
          'X-Acme-Delivery': id2,
        },
      };
      assertAccepted(await post(h, s, msWire));
    });
  });
});

describe('basic', () => {
  schemeContract(w, {
    verification: { scheme: 'basic', idHeader: 'X-Delivery-Id', detailTypeHeader: 'X-Event-Type' },
    issuer: 'hookbridge',
    newSecret: () => `acme:${hex()}`,
    sign: (secret) => ({
      body: JSON.stringify({ n: hex() }),
      headers: {
        ...json,
        authorization: basicAuthorization(secret),
        'x-delivery-id': randomUUID(),
        'x-event-type': 'ticket.closed',
      },
    }),
    missing: (x) => [without(x, 'authorization')],
    malformed: (x) => [
      withHeaders(x, { authorization: `Bearer ${hex()}` }),
      withHeaders(x, { authorization: 'Basic !!!' }),
      withHeaders(x, { authorization: `Basic ${Buffer.from('no-colon').toString('base64')}` }),
    ],
    bodySigned: false,
    timestamped: false,
    envelope: (env) => assert.equal(env['detail-type'], 'ticket.closed'),
  });

  test('credentials never reach the stored headers', async () => {
    const { h, t } = w();
    const secret = `acme:${hex()}`;
    const s = await testSource(h, t, { scheme: 'basic', secrets: [secret] });
    assertAccepted(
      await post(h, s, { body: '{}', headers: { ...json, authorization: basicAuthorization(secret) } }),
    );
    const stored = await storedEvents(h, s.name);
    assert.equal(stored.length, 1);
    assert.equal(stored[0]?.headers.authorization, undefined);
    assert.ok(!JSON.stringify(stored).includes(Buffer.from(secret).toString('base64')));
  });
});

describe('api-key', () => {
  describe('in a header (x-api-key)', () => {
    schemeContract(w, {
      verification: { scheme: 'api-key' },
      issuer: 'hookbridge',
      newSecret: () => randomBytes(32).toString('base64url'),
      sign: (secret) => ({ body: JSON.stringify({ n: hex() }), headers: { ...json, 'x-api-key': secret } }),
      missing: (x) => [without(x, 'x-api-key'), withHeaders(x, { 'x-api-key': ' ' })],
      bodySigned: false,
      timestamped: false,
      envelope: (env) => assert.equal(env['detail-type'], 'Webhook'),
    });
  });

  describe('in a query parameter', () => {
    schemeContract(w, {
      verification: { scheme: 'api-key', queryParam: 'key' },
      issuer: 'hookbridge',
      newSecret: () => randomBytes(32).toString('base64url'),
      sign: (secret) => ({
        body: JSON.stringify({ n: hex() }),
        query: `?key=${encodeURIComponent(secret)}`,
        headers: { ...json },
      }),
      missing: (x) => [
        { ...x, query: '' },
        { ...x, query: '?key=' },
        {
          ...x,
          query: '?other=1',
          headers: { ...x.headers, 'x-api-key': new URLSearchParams(x.query).get('key') ?? '' },
        },
      ],
      bodySigned: false,
      timestamped: false,
      envelope: (env) => assert.equal(env['detail-type'], 'Webhook'),
    });
  });
});

describe('none', () => {
  let s: TestSource;
  before(async () => {
    const { h, t, sink } = w();
    s = await routedSource(h, t, sink, {
      scheme: 'none',
      idHeader: 'X-Request-Key',
      detailTypeHeader: 'X-Kind',
    });
    assert.deepEqual(s.secretIds, [], 'scheme none has no secrets');
  });

  test('anything is accepted (202) and normalized with the configured detail-type', async () => {
    const { h, t } = w();
    const eventId = assertAccepted(
      await post(h, s, {
        body: 'plain text \u00ff',
        headers: { 'content-type': 'text/plain', 'x-kind': 'ping' },
      }),
    );
    const env = await routedEnvelope(h, t, eventId);
    assert.equal(env['detail-type'], 'ping');
    assert.deepEqual(bodyOf(env), { raw: Buffer.from('plain text \u00ff').toString('base64') });
  });

  test('duplicates → 200: by the id header, else by the body hash', async () => {
    const { h } = w();
    const key = randomUUID();
    const first = assertAccepted(
      await post(h, s, { body: '{"a":1}', headers: { ...json, 'x-request-key': key } }),
    );
    assert.deepEqual(
      (await post(h, s, { body: '{"a":2}', headers: { ...json, 'x-request-key': key } })).body,
      { eventId: first, duplicate: true },
    );
    const body = JSON.stringify({ n: hex() });
    const byBody = assertAccepted(await post(h, s, { body, headers: json }));
    assert.deepEqual((await post(h, s, { body, headers: json })).body, { eventId: byBody, duplicate: true });
  });

  test('a source without secrets has none to rotate → 409', async () => {
    const { h, t } = w();
    assertError(await addSecret(h, t, s.name), 409, 'InvalidStateException');
  });
});

describe('secret rotation limits through the API', () => {
  test('at most 3 active secrets (400 LimitExceededException); the last one cannot be retired (409)', async () => {
    const { h, t } = w();
    const s = await testSource(h, t, { scheme: 'hmac' });
    assert.equal(s.secretIds.length, 1, 'one generated secret');
    const first = s.secretIds[0] ?? '';
    const second = await addSecret(h, t, s.name);
    assert.equal(second.status, 201, second.text);
    const third = await addSecret(h, t, s.name, `given-${hex()}`);
    assert.equal(third.status, 201, third.text);
    assertError(await addSecret(h, t, s.name), 400, 'LimitExceededException');

    // Retiring makes room again; a retired or unknown id is not found.
    assert.equal((await retireSecret(h, t, s.name, second.body.id)).status, 204);
    assertError(await retireSecret(h, t, s.name, second.body.id), 404, 'ResourceNotFoundException');
    assertError(await retireSecret(h, t, s.name, randomUUID()), 404, 'ResourceNotFoundException');
    const fourth = await addSecret(h, t, s.name);
    assert.equal(fourth.status, 201, fourth.text);
    assertError(await addSecret(h, t, s.name), 400, 'LimitExceededException');

    const described = await h
      .http()
      .get(`/v1/partner-event-sources/${encodeURIComponent(s.name)}`)
      .set(as(t.partnerToken))
      .expect(200);
    assert.equal(described.body.verification.secrets, undefined, 'secrets are shown once, never again');
    for (const id of [first, third.body.id as string])
      assert.equal((await retireSecret(h, t, s.name, id)).status, 204);
    assertError(await retireSecret(h, t, s.name, fourth.body.id), 409, 'InvalidStateException');
    const body = JSON.stringify({ still: 'works' });
    assertAccepted(
      await post(h, s, {
        body,
        headers: {
          ...json,
          'x-signature': `sha256=${hmacDigest('sha256', 'hex', fourth.body.secret, body)}`,
        },
      }),
    );
  });

  test('only the owning partner may rotate, and a given secret is validated for the scheme', async () => {
    const { h, t } = w();
    const s = await testSource(h, t, { scheme: 'standard-webhooks' });
    const other: Tenant = await createTenant(h);
    const res = await h
      .http()
      .post(`/v1/partner-event-sources/${encodeURIComponent(s.name)}/secrets`)
      .set(as(other.partnerToken))
      .send({});
    assertError(res, 404, 'ResourceNotFoundException');
    assertError(await addSecret(h, t, s.name, 'whsec_dG9vc2hvcnQ='), 400, 'ValidationException', [
      'whsec_dG9vc2hvcnQ=',
    ]);
    const generated = await addSecret(h, t, s.name);
    assert.equal(generated.status, 201);
    assert.match(generated.body.secret, /^whsec_[A-Za-z0-9+/]{43}=$/, 'generated in the scheme format');
  });
});
