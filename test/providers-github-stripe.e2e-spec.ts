import { randomUUID, randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertAccepted, assertError, post, testSource } from './support/providers/ingest-client.js';
import { schemeContract, withHeaders, without } from './support/providers/scheme-contract.js';
import {
  GITHUB_TEST_VECTOR,
  githubSignature,
  hmacDigest,
  nowSeconds,
  stripeSignature,
} from './support/providers/signers.js';
import { bodyOf, envTime, hex, json, parse, useProviderWorld } from './support/providers/spec-setup.js';

// GitHub and Stripe webhooks, signed by the vendors' own libraries, through the real ingest endpoint
// and the worker: each scheme's contract (see scheme-contract.ts) and its own quirks. Shopify and
// Slack are in providers-shopify-slack.e2e-spec.ts.

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
