import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { HttpConnection } from './http-target.js';
import { type HttpSink, startHttpSink } from '../testing/http-sink.js';
import { HttpTargetClient } from './http-target.client.js';

const delivery = { deliveryId: 'dlv_oauth', body: '{}' };

describe('OAuth client credentials against a local token endpoint', () => {
  let issued = 0;
  /** The only token the target accepts; the test "revokes" tokens by issuing a new one. */
  let validToken = '';
  let tokenEndpoint: HttpSink;
  let target: HttpSink;
  let client: HttpTargetClient;
  const connection = (tokenPath = '/token'): HttpConnection => ({
    id: 'conn-1',
    auth: {
      type: 'oauth-client-credentials',
      tokenUrl: `${tokenEndpoint.origin}${tokenPath}`,
      clientId: 'client id',
      clientSecret: 's3cret',
      scope: 'events:write',
      bodyParameters: { audience: 'hooks' },
    },
  });

  before(async () => {
    tokenEndpoint = await startHttpSink((req, res) => {
      if (req.url === '/token-broken') return res.writeHead(400).end('{"error":"invalid_client"}');
      issued += 1;
      validToken = `token-${issued}`;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ access_token: validToken, token_type: 'Bearer', expires_in: 3600 }));
    });
    target = await startHttpSink((req, res) => {
      res.writeHead(req.headers.authorization === `Bearer ${validToken}` ? 200 : 401).end();
    });
    client = new HttpTargetClient({ allowedCidrs: ['127.0.0.0/8'], allowPlainHttp: true });
  });
  after(async () => {
    client.close();
    await Promise.all([tokenEndpoint.close(), target.close()]);
  });

  test('fetches a token with the client-credentials grant and sends it as a bearer token', async () => {
    const outcome = await client.deliver(
      { url: `${target.origin}/hook`, connection: connection() },
      delivery,
    );
    assert.equal(outcome.ok, true);
    assert.equal(tokenEndpoint.requests.length, 1);
    const tokenRequest = tokenEndpoint.requests[0];
    assert.equal(tokenRequest.method, 'POST');
    assert.equal(tokenRequest.headers['content-type'], 'application/x-www-form-urlencoded');
    assert.equal(
      tokenRequest.headers.authorization,
      `Basic ${Buffer.from('client%20id:s3cret').toString('base64')}`,
    );
    const form = new URLSearchParams(tokenRequest.body);
    assert.equal(form.get('grant_type'), 'client_credentials');
    assert.equal(form.get('scope'), 'events:write');
    assert.equal(form.get('audience'), 'hooks');
    assert.equal(target.requests.at(-1)?.headers.authorization, 'Bearer token-1');
  });

  test('the token is cached across deliveries', async () => {
    const fetchesBefore = tokenEndpoint.requests.length;
    for (let i = 0; i < 3; i++) {
      const outcome = await client.deliver(
        { url: `${target.origin}/hook`, connection: connection() },
        delivery,
      );
      assert.equal(outcome.ok, true);
    }
    assert.equal(tokenEndpoint.requests.length, fetchesBefore);
  });

  test('after the target answers 401 the token is refreshed and the request sent again', async () => {
    validToken = 'revoked-elsewhere';
    const fetchesBefore = tokenEndpoint.requests.length;
    const targetCallsBefore = target.requests.length;
    const outcome = await client.deliver(
      { url: `${target.origin}/hook`, connection: connection() },
      delivery,
    );
    assert.equal(outcome.ok, true);
    assert.equal(tokenEndpoint.requests.length, fetchesBefore + 1);
    const calls = target.requests.slice(targetCallsBefore).map((r) => r.headers.authorization);
    assert.deepEqual(calls, [`Bearer token-${issued - 1}`, `Bearer token-${issued}`]);
  });

  test('a 401 with a token fetched for this very delivery is not retried again', async () => {
    const fresh = { ...connection(), id: 'conn-2' };
    validToken = 'nobody-has-this';
    const before = target.requests.length;
    // The endpoint issues a new valid token, so make the target reject everything for this call.
    const rejecting = await startHttpSink((_req, res) => res.writeHead(401).end());
    try {
      const outcome = await client.deliver({ url: `${rejecting.origin}/hook`, connection: fresh }, delivery);
      assert.equal(outcome.ok, false);
      assert.equal(!outcome.ok && outcome.errorCode, 'HTTP_401');
      assert.equal(rejecting.requests.length, 1);
    } finally {
      await rejecting.close();
    }
    assert.equal(target.requests.length, before);
  });

  test('concurrent deliveries without a token share one token request', async () => {
    const shared = { ...connection(), id: 'conn-3' };
    const fetchesBefore = tokenEndpoint.requests.length;
    const outcomes = await Promise.all(
      Array.from({ length: 5 }, () =>
        client.deliver({ url: `${target.origin}/hook`, connection: shared }, delivery),
      ),
    );
    assert.ok(outcomes.every((o) => o.ok));
    assert.equal(tokenEndpoint.requests.length, fetchesBefore + 1);
  });

  test('a token endpoint that refuses the client fails the delivery without retry', async () => {
    const broken = { ...connection('/token-broken'), id: 'conn-4' };
    const outcome = await client.deliver({ url: `${target.origin}/hook`, connection: broken }, delivery);
    assert.equal(outcome.ok, false);
    assert.equal(!outcome.ok && outcome.errorCode, 'OAUTH_TOKEN_FAILED');
    assert.equal(!outcome.ok && outcome.retryable, false);
    assert.match(!outcome.ok ? outcome.errorMessage : '', /HTTP 400.*invalid_client/);
  });
});
