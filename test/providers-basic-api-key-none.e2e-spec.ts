import { randomUUID, randomBytes } from 'node:crypto';
import { describe, test, before } from 'node:test';
import assert from 'node:assert/strict';
import {
  addSecret,
  assertAccepted,
  assertError,
  post,
  storedEvents,
  routedEnvelope,
  routedSource,
  testSource,
  type TestSource,
} from './support/providers/ingest-client.js';
import { schemeContract, withHeaders, without } from './support/providers/scheme-contract.js';
import { basicAuthorization } from './support/providers/signers.js';
import { bodyOf, hex, json, useProviderWorld } from './support/providers/spec-setup.js';

// The schemes that carry a credential rather than a signature (basic, api-key in a header or a query
// parameter) and the one with none, through the real ingest endpoint and the worker (see
// scheme-contract.ts). The hmac scheme and secret rotation are in providers-hmac-rotation.e2e-spec.ts.

const w = useProviderWorld();

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
