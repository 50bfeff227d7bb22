import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateConnectionCommand, EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { hmacSignature, HttpSink } from '#libs/testing';
import { hashToken } from '#libs/security';
import { ProcessHarness } from './support/processes-harness.js';
import { allRows, occurrences } from './support/secrets/stored-rows.js';

// Secrets stay secret: every credential Hookbridge is given or issues is sealed (or hashed) at rest
// — checked against every row of every table — and none appears in any log line of a gateway and
// a worker running at LOG_LEVEL=trace while they create, use and rotate all of them.

const ADMIN = 'dev-admin-token';
const s = (name: string) => `${name}-${randomBytes(12).toString('hex')}`;

describe('secrets at rest and in logs', () => {
  const h = new ProcessHarness();
  const sink = new HttpSink();
  /** Every secret value by what it is. */
  const secrets: Record<string, string> = {};
  let accountId = '';
  let delivered: Awaited<ReturnType<HttpSink['waitForRequests']>> = [];

  before(async () => {
    await sink.start();
    secrets.oauthAccessToken = s('oauth-access');
    sink.respond = (req) =>
      req.url === '/token'
        ? { status: 200, body: JSON.stringify({ access_token: secrets.oauthAccessToken, expires_in: 3600 }) }
        : { status: 200 };
    await h.start({ LOG_LEVEL: 'trace' });
    h.spawn('worker');
    const ok = async (method: string, path: string, token: string, body?: unknown) => {
      const res = await h.call(method, path, token, body);
      assert.ok(res.status < 300, `${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- answers are read field by field
    };
    accountId = (await ok('POST', '/v1/accounts', ADMIN, { name: 'secrets' })).accountId;
    const partner = 'secrets.example.com';
    await ok('POST', '/v1/partners', ADMIN, { name: partner });
    const accountKey = await ok('POST', '/v1/api-keys', ADMIN, { accountId });
    const partnerKey = await ok('POST', '/v1/api-keys', ADMIN, { partner });
    Object.assign(secrets, {
      accountToken: accountKey.token,
      accountSecretAccessKey: accountKey.secretAccessKey,
      partnerToken: partnerKey.token,
      partnerSecretAccessKey: partnerKey.secretAccessKey,
      stripeSecret: `whsec_${randomBytes(24).toString('base64')}`,
      ingestApiKey: s('ingest-key'),
      ingestBasicPassword: s('ingest-pw'),
      basicPassword: s('target-pw'),
      apiKeyValue: s('target-key'),
      oauthClientSecret: s('client-secret'),
      signingSecret: `whsec_${randomBytes(24).toString('base64')}`,
      awsSecretAccessKey: s('aws-secret'),
      connectionPassword: s('conn-pw'),
      connectionApiKey: s('conn-key'),
    });
    const P = secrets.partnerToken as string;
    const A = secrets.accountToken as string;
    const name = `aws.partner/${partner}/orders`;
    const created = await ok('POST', '/v1/partner-event-sources', P, { name, account: accountId });
    secrets.sourceSecret = created.verification.secrets[0].secret;
    secrets.rotatedSecret = (
      await ok('POST', `/v1/partner-event-sources/${encodeURIComponent(name)}/secrets`, P, {})
    ).secret;
    const extra = [
      { scheme: 'stripe', secrets: [secrets.stripeSecret] },
      { scheme: 'api-key', header: 'x-api-key', secrets: [secrets.ingestApiKey] },
      { scheme: 'basic', secrets: [`hooks:${secrets.ingestBasicPassword}`] },
    ];
    const ingest: string[] = [];
    for (const [i, verification] of extra.entries())
      ingest.push(
        (
          await ok('POST', '/v1/partner-event-sources', P, {
            name: `${name}-${i}`,
            account: accountId,
            verification,
          })
        ).ingestUrl,
      );

    const bus = encodeURIComponent(name);
    await ok('POST', '/v1/event-buses', A, { name, eventSourceName: name });
    await ok('PUT', `/v1/event-buses/${bus}/rules/all`, A, { eventPattern: { source: [name] } });
    const http = (id: string, auth: object, extraHttp: object = {}) => ({
      id,
      type: 'http',
      http: { url: `${sink.url}/${id}`, auth, ...extraHttp },
      retryPolicy: { maximumRetryAttempts: 0, maximumEventAgeInSeconds: 60 },
    });
    const put = await ok('PUT', `/v1/event-buses/${bus}/rules/all/targets`, A, {
      targets: [
        http(
          'basic',
          { type: 'basic', username: 'u', password: secrets.basicPassword },
          { signingSecret: secrets.signingSecret },
        ),
        http('api-key', { type: 'api-key', header: 'x-api-key', value: secrets.apiKeyValue }),
        http('oauth', {
          type: 'oauth-client-credentials',
          tokenUrl: `${sink.url}/token`,
          clientId: 'client',
          clientSecret: secrets.oauthClientSecret,
        }),
      ],
    });
    assert.equal(put.failedEntryCount, 0, JSON.stringify(put));
    await ok('PUT', `/v1/event-buses/${bus}/rules/never`, A, { eventPattern: { source: ['never'] } });
    const aws = await ok('PUT', `/v1/event-buses/${bus}/rules/never/targets`, A, {
      targets: [
        {
          id: 'aws',
          type: 'eventbridge',
          eventbridge: {
            eventBusArn: 'arn:aws:events:us-east-1:123456789012:event-bus/x',
            region: 'us-east-1',
            endpoint: sink.url,
            credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: secrets.awsSecretAccessKey },
          },
        },
      ],
    });
    assert.equal(aws.failedEntryCount, 0, JSON.stringify(aws));

    const client = new EventBridgeClient({
      endpoint: h.base,
      region: 'us-east-1',
      maxAttempts: 1,
      credentials: { accessKeyId: accountKey.accessKeyId, secretAccessKey: accountKey.secretAccessKey },
    });
    await client.send(
      new CreateConnectionCommand({
        Name: 'basic',
        AuthorizationType: 'BASIC',
        AuthParameters: { BasicAuthParameters: { Username: 'u', Password: secrets.connectionPassword } },
      }),
    );
    await client.send(
      new CreateConnectionCommand({
        Name: 'key',
        AuthorizationType: 'API_KEY',
        AuthParameters: {
          ApiKeyAuthParameters: { ApiKeyName: 'x-key', ApiKeyValue: secrets.connectionApiKey },
        },
      }),
    );

    // Webhooks signed with both active secrets, one with a wrong secret, and the credential schemes.
    const post = (url: string, body: string, headers: Record<string, string>) =>
      fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
    const ingestUrl = created.ingestUrl as string;
    for (const [secret, want] of [
      [secrets.sourceSecret, 202],
      [secrets.rotatedSecret, 202],
      ['wrong', 401],
    ] as const) {
      const body = JSON.stringify({ order: randomBytes(4).toString('hex') });
      assert.equal(
        (await post(ingestUrl, body, { 'x-signature': hmacSignature(secret, body) })).status,
        want,
      );
    }
    assert.equal(
      (await post(ingest[1] as string, '{"a":1}', { 'x-api-key': secrets.ingestApiKey as string })).status,
      202,
    );
    const basic = Buffer.from(`hooks:${secrets.ingestBasicPassword}`).toString('base64');
    assert.equal(
      (await post(ingest[2] as string, '{"a":2}', { authorization: `Basic ${basic}` })).status,
      202,
    );
    assert.equal((await post(ingest[1] as string, '{"a":3}', { 'x-api-key': 'wrong-key' })).status, 401);
    // Two events × three targets, plus one token request.
    delivered = await sink.waitForRequests(7, 30_000);
  });
  after(async () => {
    await h.close();
    await sink.stop();
  });

  test('the targets got their credentials (so the sealed copies are the ones in use)', () => {
    const at = (path: string) => delivered.filter((r) => r.url === path);
    const basic = Buffer.from(`u:${secrets.basicPassword}`).toString('base64');
    assert.equal(at('/basic')[0]?.headers.authorization, `Basic ${basic}`);
    assert.ok(at('/basic')[0]?.headers['webhook-signature'], 'signed with the signing secret');
    assert.equal(at('/api-key')[0]?.headers['x-api-key'], secrets.apiKeyValue);
    assert.equal(at('/oauth')[0]?.headers.authorization, `Bearer ${secrets.oauthAccessToken}`);
    assert.match(at('/token')[0]?.body ?? '', /client_secret|grant_type/);
  });

  test('no secret is stored in the clear in any row of any table; tokens are stored hashed', async () => {
    const rows = await allRows(h);
    assert.ok(
      rows.some((r) => r.table === 'targets'),
      'the tables were read',
    );
    assert.deepEqual(occurrences(rows, secrets), []);
    const keys = await h.query<{ token_hash: string; secret_access_key_enc: string }>(
      'SELECT * FROM api_keys',
    );
    for (const t of [secrets.accountToken, secrets.partnerToken] as string[])
      assert.ok(
        keys.some((k) => k.token_hash === hashToken(t)),
        'the token is kept as its SHA-256',
      );
    assert.ok(
      keys.every((k) => k.secret_access_key_enc.length > 40),
      'the SigV4 secret is kept sealed',
    );
    const sealed = await h.query<{ n: string }>(
      `SELECT (SELECT count(*) FROM source_secrets WHERE secret_enc <> '') +
              (SELECT count(*) FROM targets WHERE secrets_enc IS NOT NULL) +
              (SELECT count(*) FROM connections WHERE secrets_enc <> '') AS n`,
    );
    // 2 + 3 source secrets, 4 targets with credentials, 2 connections.
    assert.equal(Number(sealed[0]?.n), 11);
  });

  test('no secret appears in any log line at LOG_LEVEL=trace', async () => {
    const logs = h.procs.map((p) => p.output.join('')).join('\n');
    // The logs are really there and really verbose (request logging of ingest is the ingest path's choice).
    assert.ok(logs.split('\n').length > 50, `only ${logs.split('\n').length} log lines`);
    const found = Object.entries(secrets)
      .filter(([, v]) => logs.includes(v))
      .map(([k]) => k);
    assert.deepEqual(found, []);
    assert.match(logs, /partner-event-sources\/[^"]*\/secrets/, 'secret rotation is logged');
  });
});
