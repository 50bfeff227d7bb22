import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateApiDestinationCommand,
  CreateConnectionCommand,
  CreateEventBusCommand,
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
import type { HttpSink } from '#libs/testing';
import type { Harness } from './support/harness.js';
import {
  awsError,
  type SdkDelivery,
  type SdkTenant,
  startSdkDelivery,
  storedConnectionsAndTargets,
} from './support/eventbridge.js';

describe('EventBridge API: connections and API destinations, delivered by the worker', () => {
  let w: SdkDelivery;
  let h: Harness;
  let t: SdkTenant;
  let sink: HttpSink;
  before(async () => {
    w = await startSdkDelivery((url) => url === '/token');
    ({ h, t, sink } = w);
  });
  after(() => w.close());

  const rest = (path: string) => w.rest(path);
  const at = (prefix: string) => w.at(prefix);
  const deliver = (bus: string, detail: object, state: string) => w.deliver(bus, detail, state);

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
    const stored = await storedConnectionsAndTargets(h, t.accountId);
    assert.ok(!stored.includes('key-two-secret') && !stored.includes('key-one-secret'));

    // Deleting the destination disables its target: the next event is skipped, never sent.
    await t.account.send(new DeleteApiDestinationCommand({ Name: 'shop-hooks' }));
    const targets = await rest('/v1/event-buses/shop/rules/orders/targets').expect(200);
    assert.equal(targets.body.items[0].state, 'DISABLED');
    assert.match(targets.body.items[0].disabledReason, /shop-hooks was deleted/);
    const before = sink.requests.length;
    await deliver('shop', { order: 4 }, 'skipped');
    assert.equal(sink.requests.length, before);
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
