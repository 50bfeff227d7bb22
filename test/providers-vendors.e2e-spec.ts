import { randomUUID, randomBytes } from 'node:crypto';
import { describe, test, before } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertAccepted,
  assertError,
  post,
  storedEvents,
  routedEnvelope,
  routedSource,
  testSource,
  type TestSource,
  type Wire,
} from './support/providers/ingest-client.js';
import { schemeContract, withHeaders, without } from './support/providers/scheme-contract.js';
import {
  GITHUB_TEST_VECTOR,
  githubSignature,
  hmacDigest,
  nowSeconds,
  shopifySignature,
  slackSignature,
  stripeSignature,
} from './support/providers/signers.js';
import {
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
