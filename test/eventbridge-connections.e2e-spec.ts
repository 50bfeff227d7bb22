import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateApiDestinationCommand,
  CreateConnectionCommand,
  CreateEventBusCommand,
  DeauthorizeConnectionCommand,
  DescribeConnectionCommand,
  PutRuleCommand,
  PutTargetsCommand,
  UpdateConnectionCommand,
} from '@aws-sdk/client-eventbridge';
import { type HttpSink, waitFor } from '#libs/testing';
import type { Harness } from './support/harness.js';
import {
  awsError,
  type SdkDelivery,
  type SdkTenant,
  startSdkDelivery,
  storedConnectionsAndTargets,
} from './support/eventbridge.js';

describe('EventBridge API: connection parameters, secret values and deauthorization', () => {
  let w: SdkDelivery;
  let h: Harness;
  let t: SdkTenant;
  let sink: HttpSink;
  before(async () => {
    w = await startSdkDelivery((url) => url.startsWith('/oauth/'));
    ({ h, t, sink } = w);
  });
  after(() => w.close());

  const rest = (path: string) => w.rest(path);
  const at = (prefix: string) => w.at(prefix);
  const deliver = (bus: string, detail: object, state: string) => w.deliver(bus, detail, state);

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
    const stored = await storedConnectionsAndTargets(h, t.accountId);
    assert.ok(stored.includes('"team"'), 'the shown parameters are there');
    for (const secret of [
      'client-secret-1',
      'tenant-secret-1',
      'header-secret-1',
      'query-secret-1',
      'body-secret-1',
    ])
      assert.ok(!stored.includes(secret), secret);
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
});
