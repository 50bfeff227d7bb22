import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateApiDestinationCommand,
  CreateConnectionCommand,
  CreateEventBusCommand,
  DeauthorizeConnectionCommand,
  DeleteApiDestinationCommand,
  DescribeApiDestinationCommand,
  DescribeConnectionCommand,
  ListApiDestinationsCommand,
  ListConnectionsCommand,
  PutRuleCommand,
  PutTargetsCommand,
  UpdateApiDestinationCommand,
  UpdateConnectionCommand,
} from '@aws-sdk/client-eventbridge';
import pg from 'pg';
import { HttpSink, waitFor } from '#libs/testing';
import { startHarness, type Harness } from './support/harness.js';
import { awsError, createSdkTenant, putAndWait, restGet, type SdkTenant } from './support/eventbridge.js';

describe('EventBridge API: connections and API destinations, delivered by the worker', () => {
  let h: Harness;
  let t: SdkTenant;
  let sink: HttpSink;
  before(async () => {
    h = await startHarness();
    t = await createSdkTenant(h);
    sink = await new HttpSink().start();
    sink.respond = (req) =>
      req.url === '/token' || req.url.startsWith('/oauth/')
        ? {
            status: 200,
            body: JSON.stringify({ access_token: 'tok-1', token_type: 'Bearer', expires_in: 3600 }),
          }
        : { status: 200 };
  });
  after(async () => {
    await h.close();
    await sink.stop();
  });

  const rest = (path: string) => restGet(h, t, path);
  const at = (prefix: string) => sink.requests.filter((r) => r.url.startsWith(prefix));
  const deliver = (bus: string, detail: object, state: string) => putAndWait(h, t, bus, detail, state);

  test('an API key connection and a destination with path, header and query parameters', async () => {
    const conn = await t.account.send(
      new CreateConnectionCommand({
        Name: 'shop-key',
        AuthorizationType: 'API_KEY',
        AuthParameters: {
          ApiKeyAuthParameters: { ApiKeyName: 'x-api-key', ApiKeyValue: 'key-one-secret' },
          InvocationHttpParameters: { QueryStringParameters: [{ Key: 'source', Value: 'hookbridge' }] },
        },
      }),
    );
    assert.equal(conn.ConnectionState, 'AUTHORIZED');
    assert.match(
      conn.ConnectionArn ?? '',
      new RegExp(`^arn:aws:events:us-east-1:${t.accountId}:connection/shop-key/[0-9a-f-]{36}$`),
    );
    const described = await t.account.send(new DescribeConnectionCommand({ Name: 'shop-key' }));
    assert.deepEqual(
      described.AuthParameters?.ApiKeyAuthParameters,
      { ApiKeyName: 'x-api-key' },
      'no secret value',
    );
    assert.deepEqual(
      (await t.account.send(new ListConnectionsCommand({ NamePrefix: 'shop' }))).Connections?.map(
        (c) => c.Name,
      ),
      ['shop-key'],
    );

    const dest = await t.account.send(
      new CreateApiDestinationCommand({
        Name: 'shop-hooks',
        ConnectionArn: conn.ConnectionArn,
        InvocationEndpoint: `${sink.url}/hooks/*`,
        HttpMethod: 'PUT',
        InvocationRateLimitPerSecond: 50,
      }),
    );
    assert.equal(dest.ApiDestinationState, 'ACTIVE');
    const d = await t.account.send(new DescribeApiDestinationCommand({ Name: 'shop-hooks' }));
    assert.deepEqual(
      [d.ConnectionArn, d.HttpMethod, d.InvocationRateLimitPerSecond],
      [conn.ConnectionArn, 'PUT', 50],
    );
    const byConnection = await t.account.send(
      new ListApiDestinationsCommand({ ConnectionArn: conn.ConnectionArn }),
    );
    assert.deepEqual(
      byConnection.ApiDestinations?.map((x) => x.Name),
      ['shop-hooks'],
    );

    await t.account.send(new CreateEventBusCommand({ Name: 'shop' }));
    await t.account.send(
      new PutRuleCommand({ Name: 'orders', EventBusName: 'shop', EventPattern: '{"source":["shop"]}' }),
    );
    const put = await t.account.send(
      new PutTargetsCommand({
        Rule: 'orders',
        EventBusName: 'shop',
        Targets: [
          {
            Id: 'hook',
            Arn: dest.ApiDestinationArn,
            InputPath: '$.detail',
            HttpParameters: {
              PathParameterValues: ['orders'],
              HeaderParameters: { 'x-team': 'shop' },
              QueryStringParameters: { q: '1' },
            },
          },
        ],
      }),
    );
    assert.equal(put.FailedEntryCount, 0, JSON.stringify(put.FailedEntries));

    await deliver('shop', { order: 1 }, 'succeeded');
    const [req] = at('/hooks/orders');
    assert.ok(req, JSON.stringify(sink.requests.map((r) => r.url)));
    assert.equal(req.method, 'PUT');
    assert.equal(req.url, '/hooks/orders?q=1&source=hookbridge');
    assert.equal(req.headers['x-api-key'], 'key-one-secret');
    assert.equal(req.headers['x-team'], 'shop');
    assert.deepEqual(JSON.parse(req.body), { order: 1 });

    // Updating the connection reaches the target at once: the next call carries the new key.
    await t.account.send(
      new UpdateConnectionCommand({
        Name: 'shop-key',
        AuthParameters: { ApiKeyAuthParameters: { ApiKeyValue: 'key-two-secret' } },
      }),
    );
    await deliver('shop', { order: 2 }, 'succeeded');
    assert.equal(at('/hooks/orders').at(-1)?.headers['x-api-key'], 'key-two-secret');

    // So does updating the destination: a new endpoint and method.
    await t.account.send(
      new UpdateApiDestinationCommand({
        Name: 'shop-hooks',
        InvocationEndpoint: `${sink.url}/v2/*`,
        HttpMethod: 'POST',
      }),
    );
    await deliver('shop', { order: 3 }, 'succeeded');
    const moved = at('/v2/orders');
    assert.equal(moved.length, 1);
    assert.equal(moved[0]?.method, 'POST');
    assert.equal(moved[0]?.headers['x-api-key'], 'key-two-secret');

    // Secret values are stored sealed: neither the connection nor the resolved target holds them in clear.
    const db = new pg.Client({ connectionString: h.databaseUrl });
    await db.connect();
    try {
      const rows = await db.query(
        `SELECT c.*, t.config, t.secrets_enc FROM connections c, targets t WHERE c.account_id = $1 AND t.account_id = $1`,
        [t.accountId],
      );
      assert.ok(rows.rows.length > 0);
      const stored = JSON.stringify(rows.rows);
      assert.ok(!stored.includes('key-two-secret') && !stored.includes('key-one-secret'));
    } finally {
      await db.end();
    }

    // Deleting the destination disables its target: the next event is skipped, never sent.
    await t.account.send(new DeleteApiDestinationCommand({ Name: 'shop-hooks' }));
    const targets = await rest('/v1/event-buses/shop/rules/orders/targets').expect(200);
    assert.equal(targets.body.items[0].state, 'DISABLED');
    assert.match(targets.body.items[0].disabledReason, /shop-hooks was deleted/);
    const before = sink.requests.length;
    await deliver('shop', { order: 4 }, 'skipped');
    assert.equal(sink.requests.length, before);
  });

  test('secret and body parameters, and an OAuth token request with its own, shared by two destinations', async () => {
    const conn = await t.account.send(
      new CreateConnectionCommand({
        Name: 'vault',
        AuthorizationType: 'OAUTH_CLIENT_CREDENTIALS',
        AuthParameters: {
          OAuthParameters: {
            AuthorizationEndpoint: `${sink.url}/oauth/token`,
            HttpMethod: 'POST',
            ClientParameters: { ClientID: 'cid', ClientSecret: 'client-secret-1' },
            OAuthHttpParameters: {
              BodyParameters: [{ Key: 'audience', Value: 'orders-api' }],
              HeaderParameters: [{ Key: 'x-tenant-key', Value: 'tenant-secret-1', IsValueSecret: true }],
            },
          },
          InvocationHttpParameters: {
            HeaderParameters: [
              { Key: 'x-plain', Value: 'p' },
              { Key: 'x-token', Value: 'header-secret-1', IsValueSecret: true },
            ],
            QueryStringParameters: [{ Key: 'sig', Value: 'query-secret-1', IsValueSecret: true }],
            BodyParameters: [
              { Key: 'team', Value: 'ops' },
              { Key: 'pin', Value: 'body-secret-1', IsValueSecret: true },
            ],
          },
        },
      }),
    );
    const described = await t.account.send(new DescribeConnectionCommand({ Name: 'vault' }));
    assert.deepEqual(described.AuthParameters?.InvocationHttpParameters, {
      HeaderParameters: [
        { Key: 'x-plain', Value: 'p', IsValueSecret: false },
        { Key: 'x-token', IsValueSecret: true },
      ],
      QueryStringParameters: [{ Key: 'sig', IsValueSecret: true }],
      BodyParameters: [
        { Key: 'team', Value: 'ops', IsValueSecret: false },
        { Key: 'pin', IsValueSecret: true },
      ],
    });
    assert.deepEqual(described.AuthParameters?.OAuthParameters?.OAuthHttpParameters?.HeaderParameters, [
      { Key: 'x-tenant-key', IsValueSecret: true },
    ]);

    await t.account.send(new CreateEventBusCommand({ Name: 'vault' }));
    await t.account.send(
      new PutRuleCommand({ Name: 'all', EventBusName: 'vault', EventPattern: '{"source":["shop"]}' }),
    );
    const targets = [];
    for (const name of ['a', 'b']) {
      const dest = await t.account.send(
        new CreateApiDestinationCommand({
          Name: `vault-${name}`,
          ConnectionArn: conn.ConnectionArn,
          InvocationEndpoint: `${sink.url}/vault/${name}`,
          HttpMethod: 'POST',
        }),
      );
      targets.push({ Id: name, Arn: dest.ApiDestinationArn, InputPath: '$.detail' });
    }
    const put = await t.account.send(
      new PutTargetsCommand({ Rule: 'all', EventBusName: 'vault', Targets: targets }),
    );
    assert.equal(put.FailedEntryCount, 0, JSON.stringify(put.FailedEntries));

    await deliver('vault', { order: 7 }, 'succeeded');
    await waitFor('both destinations called', () => at('/vault/').length >= 2);
    for (const req of at('/vault/')) {
      assert.match(req.url, /^\/vault\/[ab]\?sig=query-secret-1$/);
      assert.equal(req.headers.authorization, 'Bearer tok-1');
      assert.equal(req.headers['x-plain'], 'p');
      assert.equal(req.headers['x-token'], 'header-secret-1');
      assert.deepEqual(JSON.parse(req.body), { order: 7, team: 'ops', pin: 'body-secret-1' });
    }
    // One token for both destinations: it is cached per connection, not per target.
    const tokens = at('/oauth/token');
    assert.equal(tokens.length, 1);
    assert.equal(tokens[0]?.headers['x-tenant-key'], 'tenant-secret-1');
    const form = new URLSearchParams(tokens[0]?.body);
    assert.deepEqual([form.get('grant_type'), form.get('audience')], ['client_credentials', 'orders-api']);

    // No secret value is stored in the clear, in the connection or in the targets resolved from it.
    const db = new pg.Client({ connectionString: h.databaseUrl });
    await db.connect();
    try {
      const rows = await db.query(
        `SELECT c.*, t.config, t.secrets_enc FROM connections c, targets t WHERE c.account_id = $1 AND t.account_id = $1`,
        [t.accountId],
      );
      const stored = JSON.stringify(rows.rows);
      assert.ok(stored.includes('"team"'), 'the shown parameters are there');
      for (const secret of [
        'client-secret-1',
        'tenant-secret-1',
        'header-secret-1',
        'query-secret-1',
        'body-secret-1',
      ])
        assert.ok(!stored.includes(secret), secret);
    } finally {
      await db.end();
    }
  });

  test('a deauthorized connection loses its secrets and stops its targets; UpdateConnection authorizes it again', async () => {
    const conn = await t.account.send(
      new CreateConnectionCommand({
        Name: 'lockable',
        AuthorizationType: 'API_KEY',
        AuthParameters: {
          ApiKeyAuthParameters: { ApiKeyName: 'x-api-key', ApiKeyValue: 'lock-key-1' },
          InvocationHttpParameters: {
            HeaderParameters: [
              { Key: 'x-plain', Value: 'p' },
              { Key: 'x-token', Value: 'lock-token-1', IsValueSecret: true },
            ],
          },
        },
      }),
    );
    const dest = await t.account.send(
      new CreateApiDestinationCommand({
        Name: 'lockable',
        ConnectionArn: conn.ConnectionArn,
        InvocationEndpoint: `${sink.url}/lock`,
        HttpMethod: 'POST',
      }),
    );
    await t.account.send(new CreateEventBusCommand({ Name: 'lock' }));
    await t.account.send(
      new PutRuleCommand({ Name: 'all', EventBusName: 'lock', EventPattern: '{"source":["shop"]}' }),
    );
    await t.account.send(
      new PutTargetsCommand({
        Rule: 'all',
        EventBusName: 'lock',
        Targets: [{ Id: 'hook', Arn: dest.ApiDestinationArn }],
      }),
    );
    await deliver('lock', { n: 1 }, 'succeeded');
    assert.equal(at('/lock').at(-1)?.headers['x-token'], 'lock-token-1');

    const deauthorized = await t.account.send(new DeauthorizeConnectionCommand({ Name: 'lockable' }));
    assert.equal(deauthorized.ConnectionState, 'DEAUTHORIZING');
    const described = await t.account.send(new DescribeConnectionCommand({ Name: 'lockable' }));
    assert.equal(described.ConnectionState, 'DEAUTHORIZED');
    assert.deepEqual(described.AuthParameters?.InvocationHttpParameters?.HeaderParameters, [
      { Key: 'x-plain', Value: 'p', IsValueSecret: false },
    ]);
    const targets = await rest('/v1/event-buses/lock/rules/all/targets').expect(200);
    assert.equal(targets.body.items[0].state, 'DISABLED');
    assert.match(targets.body.items[0].disabledReason, /lockable was deauthorized/);
    const before = at('/lock').length;
    await deliver('lock', { n: 2 }, 'skipped');
    assert.equal(at('/lock').length, before, 'nothing is sent while deauthorized');
    // A new target cannot be put on its destination meanwhile.
    const refused = await t.account.send(
      new PutTargetsCommand({
        Rule: 'all',
        EventBusName: 'lock',
        Targets: [{ Id: 'again', Arn: dest.ApiDestinationArn }],
      }),
    );
    assert.equal(refused.FailedEntryCount, 1);
    assert.match(refused.FailedEntries?.[0]?.ErrorMessage ?? '', /is DEAUTHORIZED/);

    // Without credentials an update is refused; with them the connection and its target come back.
    const incomplete = await awsError(
      t.account.send(new UpdateConnectionCommand({ Name: 'lockable', Description: 'still locked' })),
    );
    assert.equal(incomplete.name, 'ValidationException');
    assert.match(incomplete.message, /ApiKeyValue/);
    const updated = await t.account.send(
      new UpdateConnectionCommand({
        Name: 'lockable',
        AuthParameters: { ApiKeyAuthParameters: { ApiKeyValue: 'lock-key-2' } },
      }),
    );
    assert.equal(updated.ConnectionState, 'AUTHORIZED');
    const back = await rest('/v1/event-buses/lock/rules/all/targets').expect(200);
    assert.equal(back.body.items.find((x: { id: string }) => x.id === 'hook')?.state, 'ENABLED');
    await deliver('lock', { n: 3 }, 'succeeded');
    const last = at('/lock').at(-1);
    assert.equal(last?.headers['x-api-key'], 'lock-key-2');
    assert.equal(last?.headers['x-plain'], 'p');
    assert.equal(last?.headers['x-token'], undefined, 'the secret parameter went with the deauthorization');
  });

  test('what Hookbridge cannot deliver is refused up front with ValidationException', async () => {
    const reservedHeader = await awsError(
      t.account.send(
        new CreateConnectionCommand({
          Name: 'reserved-header',
          AuthorizationType: 'BASIC',
          AuthParameters: {
            BasicAuthParameters: { Username: 'u', Password: 'p' },
            InvocationHttpParameters: {
              HeaderParameters: [{ Key: 'Host', Value: 'v', IsValueSecret: true }],
            },
          },
        }),
      ),
    );
    assert.equal(reservedHeader.name, 'ValidationException');
    assert.match(reservedHeader.message, /sets the header 'Host' itself/);
    const mismatch = await awsError(
      t.account.send(
        new CreateConnectionCommand({
          Name: 'mismatch',
          AuthorizationType: 'BASIC',
          AuthParameters: { ApiKeyAuthParameters: { ApiKeyName: 'k', ApiKeyValue: 'v' } },
        }),
      ),
    );
    assert.equal(mismatch.name, 'ValidationException');
    const basic = await t.account.send(
      new CreateConnectionCommand({
        Name: 'basic',
        AuthorizationType: 'BASIC',
        AuthParameters: { BasicAuthParameters: { Username: 'u', Password: 'p' } },
      }),
    );
    const dup = await awsError(
      t.account.send(
        new CreateConnectionCommand({
          Name: 'basic',
          AuthorizationType: 'BASIC',
          AuthParameters: { BasicAuthParameters: { Username: 'u', Password: 'p' } },
        }),
      ),
    );
    assert.equal(dup.name, 'ResourceAlreadyExistsException');
    const head = await awsError(
      t.account.send(
        new CreateApiDestinationCommand({
          Name: 'head',
          ConnectionArn: basic.ConnectionArn,
          InvocationEndpoint: `${sink.url}/x`,
          HttpMethod: 'HEAD',
        }),
      ),
    );
    assert.equal(head.name, 'ValidationException');
    const foreign = await awsError(
      t.account.send(
        new CreateApiDestinationCommand({
          Name: 'foreign',
          ConnectionArn: `arn:aws:events:us-east-1:000000000000:connection/basic/${'0'.repeat(8)}`,
          InvocationEndpoint: `${sink.url}/x`,
          HttpMethod: 'POST',
        }),
      ),
    );
    assert.equal(foreign.name, 'ResourceNotFoundException');
  });
});
