import { randomUUID, randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { as, type Tenant, createTenant } from './support/fixtures.js';
import {
  addSecret,
  assertAccepted,
  assertError,
  post,
  retireSecret,
  testSource,
  type Wire,
} from './support/providers/ingest-client.js';
import { schemeContract, withHeaders, without } from './support/providers/scheme-contract.js';
import { hmacDigest, nowSeconds } from './support/providers/signers.js';
import { hex, json, useProviderWorld } from './support/providers/spec-setup.js';

// The generic hmac scheme through the real ingest endpoint and the worker, with its defaults and
// with every option set (see scheme-contract.ts), and the limits on rotating a source's secrets
// through the API. Basic, api-key and none are in providers-basic-api-key-none.e2e-spec.ts.

const w = useProviderWorld();

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
