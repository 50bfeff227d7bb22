import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateApiDestinationCommand,
  CreateConnectionCommand,
  CreateEventBusCommand,
  DeleteConnectionCommand,
  DescribeApiDestinationCommand,
  PutRuleCommand,
  PutTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import { type HttpSink, waitFor } from '#libs/testing';
import { type SdkDelivery, type SdkTenant, startSdkDelivery } from './support/eventbridge.js';

describe('EventBridge API: OAuth connections and bus targets, delivered by the worker', () => {
  let w: SdkDelivery;
  let t: SdkTenant;
  let sink: HttpSink;
  before(async () => {
    w = await startSdkDelivery((url) => url === '/token');
    ({ t, sink } = w);
  });
  after(() => w.close());

  const rest = (path: string) => w.rest(path);
  const at = (prefix: string) => w.at(prefix);
  const deliver = (bus: string, detail: object, state: string) => w.deliver(bus, detail, state);

  test('OAuth client credentials: the worker fetches a token and calls with it; deleting the connection disables', async () => {
    const conn = await t.account.send(
      new CreateConnectionCommand({
        Name: 'oauth',
        AuthorizationType: 'OAUTH_CLIENT_CREDENTIALS',
        AuthParameters: {
          OAuthParameters: {
            AuthorizationEndpoint: `${sink.url}/token`,
            HttpMethod: 'POST',
            ClientParameters: { ClientID: 'client', ClientSecret: 'client-secret' },
            OAuthHttpParameters: { BodyParameters: [{ Key: 'scope', Value: 'events:write' }] },
          },
        },
      }),
    );
    const dest = await t.account.send(
      new CreateApiDestinationCommand({
        Name: 'oauth-hooks',
        ConnectionArn: conn.ConnectionArn,
        InvocationEndpoint: `${sink.url}/oauth-hook`,
        HttpMethod: 'POST',
      }),
    );
    await t.account.send(new CreateEventBusCommand({ Name: 'oauth-bus' }));
    await t.account.send(
      new PutRuleCommand({ Name: 'all', EventBusName: 'oauth-bus', EventPattern: '{"source":["shop"]}' }),
    );
    await t.account.send(
      new PutTargetsCommand({
        Rule: 'all',
        EventBusName: 'oauth-bus',
        Targets: [{ Id: 'o', Arn: dest.ApiDestinationArn }],
      }),
    );
    await deliver('oauth-bus', { n: 1 }, 'succeeded');
    const token = at('/token')[0];
    assert.ok(token);
    assert.match(token.body, /grant_type=client_credentials/);
    assert.match(token.body, /scope=events%3Awrite/);
    assert.equal(at('/oauth-hook')[0]?.headers.authorization, 'Bearer tok-1');

    const deleted = await t.account.send(new DeleteConnectionCommand({ Name: 'oauth' }));
    assert.equal(deleted.ConnectionState, 'DELETING');
    const targets = await rest('/v1/event-buses/oauth-bus/rules/all/targets').expect(200);
    assert.equal(targets.body.items[0].state, 'DISABLED');
    assert.match(targets.body.items[0].disabledReason, /Connection oauth was deleted/);
    const described = await t.account.send(new DescribeApiDestinationCommand({ Name: 'oauth-hooks' }));
    assert.equal(described.ConnectionArn, conn.ConnectionArn, 'the destination still names its connection');
  });

  test('a target naming a bus of this account by ARN forwards to that bus, whose rules deliver', async () => {
    const conn = await t.account.send(
      new CreateConnectionCommand({
        Name: 'fwd',
        AuthorizationType: 'BASIC',
        AuthParameters: { BasicAuthParameters: { Username: 'user', Password: 'pass' } },
      }),
    );
    const dest = await t.account.send(
      new CreateApiDestinationCommand({
        Name: 'fwd',
        ConnectionArn: conn.ConnectionArn,
        InvocationEndpoint: `${sink.url}/forwarded`,
        HttpMethod: 'POST',
      }),
    );
    for (const bus of ['front', 'back']) await t.account.send(new CreateEventBusCommand({ Name: bus }));
    for (const bus of ['front', 'back'])
      await t.account.send(
        new PutRuleCommand({ Name: 'all', EventBusName: bus, EventPattern: '{"source":["shop"]}' }),
      );
    await t.account.send(
      new PutTargetsCommand({
        Rule: 'all',
        EventBusName: 'front',
        Targets: [{ Id: 'to-back', Arn: `arn:aws:events:us-east-1:${t.accountId}:event-bus/back` }],
      }),
    );
    await t.account.send(
      new PutTargetsCommand({
        Rule: 'all',
        EventBusName: 'back',
        Targets: [{ Id: 'out', Arn: dest.ApiDestinationArn }],
      }),
    );
    await deliver('front', { hop: 1 }, 'succeeded');
    const req = await waitFor('the forwarded event at the sink', () => at('/forwarded')[0]);
    assert.deepEqual(JSON.parse(req.body).detail, { hop: 1 });
    assert.equal(req.headers.authorization, `Basic ${Buffer.from('user:pass').toString('base64')}`);
  });

  test("a target naming another account's bus has no credentials of its own: the gateway does not lend its AWS identity", async () => {
    await t.account.send(new CreateEventBusCommand({ Name: 'outbound' }));
    await t.account.send(
      new PutRuleCommand({ Name: 'all', EventBusName: 'outbound', EventPattern: '{"source":["shop"]}' }),
    );
    // AWS's PutTargets carries no credentials (a RoleArn, which Hookbridge does not use).
    await t.account.send(
      new PutTargetsCommand({
        Rule: 'all',
        EventBusName: 'outbound',
        Targets: [{ Id: 'aws', Arn: 'arn:aws:events:us-east-1:999999999999:event-bus/theirs' }],
      }),
    );
    const id = await deliver('outbound', { n: 1 }, 'dead_letter');
    const dead = (await rest('/v1/deliveries?state=dead_letter&bus=outbound')).body.items;
    const attributes = dead.find((d: { eventId: string }) => d.eventId === id)?.deadLetterAttributes;
    assert.equal(attributes.ERROR_CODE, 'CREDENTIALS_REQUIRED');
    assert.match(attributes.ERROR_MESSAGE, /HOOKBRIDGE_AWS_DEFAULT_CREDENTIALS/);
    assert.equal(attributes.RETRY_ATTEMPTS, 0, 'not retried: only an operator or the target can change this');
  });
});
