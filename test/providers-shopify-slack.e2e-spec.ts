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
  type TestSource,
  type Wire,
} from './support/providers/ingest-client.js';
import { schemeContract, withHeaders, without } from './support/providers/scheme-contract.js';
import { nowSeconds, shopifySignature, slackSignature } from './support/providers/signers.js';
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

// Shopify and Slack webhooks, signed with node:crypto as their documentation describes, through the
// real ingest endpoint and the worker: each scheme's contract (see scheme-contract.ts) and its own
// quirks (Shopify's newer header names, Slack's URL verification, slash commands and
// interactivity). GitHub and Stripe are in providers-github-stripe.e2e-spec.ts.

const w = useProviderWorld();

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
