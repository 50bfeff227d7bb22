import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateApiDestinationCommand,
  CreateConnectionCommand,
  CreateEventBusCommand,
  CreatePartnerEventSourceCommand,
  DeleteApiDestinationCommand,
  DeleteConnectionCommand,
  DeleteEventBusCommand,
  DeletePartnerEventSourceCommand,
  DeleteRuleCommand,
  DescribeApiDestinationCommand,
  DescribeConnectionCommand,
  DescribeEventBusCommand,
  DescribeEventSourceCommand,
  DescribePartnerEventSourceCommand,
  DescribeRuleCommand,
  DisableRuleCommand,
  EnableRuleCommand,
  EventBridgeClient,
  ListApiDestinationsCommand,
  ListConnectionsCommand,
  ListEventBusesCommand,
  ListRuleNamesByTargetCommand,
  ListRulesCommand,
  ListTagsForResourceCommand,
  ListTargetsByRuleCommand,
  PutEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateApiDestinationCommand,
  UpdateConnectionCommand,
} from '@aws-sdk/client-eventbridge';
import { startMotoServer, type MotoServer } from '#libs/testing';
import { startHarness, type Harness } from './support/harness.js';
import { awsError, createSdkTenant, type SdkTenant } from './support/eventbridge.js';
import { shapeOf, unexpectedDifferences } from './support/response-shape.js';

/** One side of the comparison: a client for account operations and one for partner operations. */
interface Side {
  account: EventBridgeClient;
  partner: EventBridgeClient;
  accountId: string;
  partnerName: string;
}

/** Runs the same script on both sides; each step names the operation whose answer is compared. */
type Script = (s: Side, record: (op: string, out: unknown) => void) => Promise<void>;

describe('EventBridge API: response shapes match moto_server for the operations moto implements', () => {
  let h: Harness;
  let t: SdkTenant;
  let moto: MotoServer;
  before(async () => {
    [h, moto] = await Promise.all([startHarness({ worker: false }), startMotoServer()]);
    t = await createSdkTenant(h);
  });
  after(async () => {
    await Promise.all([h.close(), moto.stop()]);
  });

  const sides = (): [Side, Side] => {
    const motoClient = new EventBridgeClient({
      endpoint: moto.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
      maxAttempts: 1,
    });
    return [
      { account: t.account, partner: t.partnerClient, accountId: t.accountId, partnerName: t.partner },
      { account: motoClient, partner: motoClient, accountId: '123456789012', partnerName: t.partner },
    ];
  };

  async function compare(script: Script): Promise<void> {
    const [ours, theirs] = sides();
    const a = new Map<string, unknown>();
    const b = new Map<string, unknown>();
    await script(ours, (op, out) => a.set(op, out));
    await script(theirs, (op, out) => b.set(op, out));
    assert.deepEqual([...a.keys()], [...b.keys()]);
    const problems = [...a].flatMap(([op, out]) =>
      unexpectedDifferences(op, shapeOf(out), shapeOf(b.get(op))),
    );
    assert.deepEqual(problems, []);
  }

  test('event buses, rules, targets, tags and PutEvents', async () => {
    await compare(async (s, record) => {
      const arn = (r: string) => `arn:aws:events:us-east-1:${s.accountId}:${r}`;
      record(
        'CreateEventBus',
        await s.account.send(new CreateEventBusCommand({ Name: 'diff-bus', Description: 'd' })),
      );
      record('DescribeEventBus', await s.account.send(new DescribeEventBusCommand({ Name: 'diff-bus' })));
      record('ListEventBuses', await s.account.send(new ListEventBusesCommand({ NamePrefix: 'diff' })));
      const pattern = '{"source":["shop"]}';
      record(
        'PutRule',
        await s.account.send(
          new PutRuleCommand({
            Name: 'r1',
            EventBusName: 'diff-bus',
            EventPattern: pattern,
            Description: 'd',
            RoleArn: 'arn:aws:iam::123456789012:role/eb',
          }),
        ),
      );
      record(
        'DescribeRule',
        await s.account.send(new DescribeRuleCommand({ Name: 'r1', EventBusName: 'diff-bus' })),
      );
      record('ListRules', await s.account.send(new ListRulesCommand({ EventBusName: 'diff-bus' })));
      record(
        'DisableRule',
        await s.account.send(new DisableRuleCommand({ Name: 'r1', EventBusName: 'diff-bus' })),
      );
      record(
        'EnableRule',
        await s.account.send(new EnableRuleCommand({ Name: 'r1', EventBusName: 'diff-bus' })),
      );
      const target = arn('event-bus/diff-bus');
      record(
        'PutTargets',
        await s.account.send(
          new PutTargetsCommand({
            Rule: 'r1',
            EventBusName: 'diff-bus',
            Targets: [
              { Id: 't1', Arn: target, InputPath: '$.detail', RetryPolicy: { MaximumRetryAttempts: 2 } },
            ],
          }),
        ),
      );
      record(
        'ListTargetsByRule',
        await s.account.send(new ListTargetsByRuleCommand({ Rule: 'r1', EventBusName: 'diff-bus' })),
      );
      record(
        'ListRuleNamesByTarget',
        await s.account.send(
          new ListRuleNamesByTargetCommand({ TargetArn: target, EventBusName: 'diff-bus' }),
        ),
      );
      record(
        'TagResource',
        await s.account.send(
          new TagResourceCommand({ ResourceARN: arn('rule/diff-bus/r1'), Tags: [{ Key: 'k', Value: 'v' }] }),
        ),
      );
      record(
        'ListTagsForResource',
        await s.account.send(new ListTagsForResourceCommand({ ResourceARN: arn('rule/diff-bus/r1') })),
      );
      record(
        'UntagResource',
        await s.account.send(
          new UntagResourceCommand({ ResourceARN: arn('rule/diff-bus/r1'), TagKeys: ['k'] }),
        ),
      );
      record(
        'PutEvents',
        await s.account.send(
          new PutEventsCommand({
            Entries: [
              { Source: 'other', DetailType: 'x', Detail: '{}', EventBusName: 'diff-bus' },
              { Source: 'other', DetailType: 'x', EventBusName: 'diff-bus' },
            ],
          }),
        ),
      );
      record(
        'RemoveTargets',
        await s.account.send(new RemoveTargetsCommand({ Rule: 'r1', EventBusName: 'diff-bus', Ids: ['t1'] })),
      );
      record(
        'DeleteRule',
        await s.account.send(new DeleteRuleCommand({ Name: 'r1', EventBusName: 'diff-bus' })),
      );
      record(
        'DescribeRule (missing)',
        await awsError(
          s.account.send(new DescribeRuleCommand({ Name: 'r1', EventBusName: 'diff-bus' })),
        ).then((e) => ({ [e.name]: true })),
      );
      record('DeleteEventBus', await s.account.send(new DeleteEventBusCommand({ Name: 'diff-bus' })));
    });
  });

  test('connections and API destinations', async () => {
    await compare(async (s, record) => {
      const conn = await s.account.send(
        new CreateConnectionCommand({
          Name: 'diff-conn',
          AuthorizationType: 'API_KEY',
          AuthParameters: { ApiKeyAuthParameters: { ApiKeyName: 'x-api-key', ApiKeyValue: 'secret' } },
        }),
      );
      record('CreateConnection', conn);
      record(
        'DescribeConnection',
        await s.account.send(new DescribeConnectionCommand({ Name: 'diff-conn' })),
      );
      record('ListConnections', await s.account.send(new ListConnectionsCommand({ NamePrefix: 'diff' })));
      record(
        'UpdateConnection',
        await s.account.send(
          new UpdateConnectionCommand({
            Name: 'diff-conn',
            AuthParameters: { ApiKeyAuthParameters: { ApiKeyValue: 'new' } },
          }),
        ),
      );
      const input = {
        Name: 'diff-dest',
        ConnectionArn: conn.ConnectionArn,
        InvocationEndpoint: 'https://example.com/hook',
        HttpMethod: 'POST' as const,
        InvocationRateLimitPerSecond: 10,
      };
      record('CreateApiDestination', await s.account.send(new CreateApiDestinationCommand(input)));
      record(
        'DescribeApiDestination',
        await s.account.send(new DescribeApiDestinationCommand({ Name: 'diff-dest' })),
      );
      record(
        'ListApiDestinations',
        await s.account.send(new ListApiDestinationsCommand({ NamePrefix: 'diff' })),
      );
      record(
        'UpdateApiDestination',
        await s.account.send(new UpdateApiDestinationCommand({ Name: 'diff-dest', HttpMethod: 'PUT' })),
      );
      record(
        'DeleteApiDestination',
        await s.account.send(new DeleteApiDestinationCommand({ Name: 'diff-dest' })),
      );
      record('DeleteConnection', await s.account.send(new DeleteConnectionCommand({ Name: 'diff-conn' })));
    });
  });

  test('partner event sources (the part moto implements)', async () => {
    await compare(async (s, record) => {
      const name = `aws.partner/${s.partnerName}/diff`;
      record(
        'CreatePartnerEventSource',
        await s.partner.send(new CreatePartnerEventSourceCommand({ Name: name, Account: s.accountId })),
      );
      record(
        'DescribePartnerEventSource',
        await s.partner.send(new DescribePartnerEventSourceCommand({ Name: name })),
      );
      record('DescribeEventSource', await s.account.send(new DescribeEventSourceCommand({ Name: name })));
      record(
        'DeletePartnerEventSource',
        await s.partner.send(new DeletePartnerEventSourceCommand({ Name: name, Account: s.accountId })),
      );
    });
  });
});
