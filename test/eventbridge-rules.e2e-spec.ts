import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateEventBusCommand,
  DeleteEventBusCommand,
  DeleteRuleCommand,
  DescribeEventBusCommand,
  UpdateEventBusCommand,
  DescribeRuleCommand,
  DisableRuleCommand,
  EnableRuleCommand,
  ListEventBusesCommand,
  ListRuleNamesByTargetCommand,
  ListRulesCommand,
  ListTagsForResourceCommand,
  ListTargetsByRuleCommand,
  PutRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import { startHarness, type Harness } from './support/harness.js';
import { awsError, createSdkTenant, type SdkTenant } from './support/eventbridge.js';

describe('EventBridge API: buses, rules and targets through @aws-sdk/client-eventbridge', () => {
  let h: Harness;
  let t: SdkTenant;
  let arn: (resource: string) => string;
  before(async () => {
    h = await startHarness({ worker: false });
    t = await createSdkTenant(h);
    arn = (resource) => `arn:aws:events:us-east-1:${t.accountId}:${resource}`;
  });
  after(async () => h.close());

  test('custom buses: create with tags, describe by name and ARN, update, list with paging, delete', async () => {
    const created = await t.account.send(
      new CreateEventBusCommand({
        Name: 'orders',
        Description: 'Orders',
        Tags: [{ Key: 'team', Value: 'shop' }],
      }),
    );
    assert.equal(created.EventBusArn, arn('event-bus/orders'));
    assert.equal(created.Description, 'Orders');
    const byArn = await t.account.send(new DescribeEventBusCommand({ Name: arn('event-bus/orders') }));
    assert.equal(byArn.Name, 'orders');
    assert.ok(byArn.CreationTime instanceof Date && byArn.LastModifiedTime instanceof Date);
    const dflt = await t.account.send(new DescribeEventBusCommand({}));
    assert.equal(dflt.Arn, arn('event-bus/default'), 'no Name means the default bus');
    const tags = await t.account.send(
      new ListTagsForResourceCommand({ ResourceARN: arn('event-bus/orders') }),
    );
    assert.deepEqual(tags.Tags, [{ Key: 'team', Value: 'shop' }]);

    await t.account.send(new CreateEventBusCommand({ Name: 'payments' }));
    const page1 = await t.account.send(new ListEventBusesCommand({ Limit: 2 }));
    const page2 = await t.account.send(new ListEventBusesCommand({ Limit: 2, NextToken: page1.NextToken }));
    assert.deepEqual(
      [...(page1.EventBuses ?? []), ...(page2.EventBuses ?? [])].map((b) => b.Name),
      ['default', 'orders', 'payments'],
    );
    assert.equal(page2.NextToken, undefined);
    const reserved = await awsError(t.account.send(new CreateEventBusCommand({ Name: 'aws.mine' })));
    assert.equal(reserved.name, 'ValidationException');
    // UpdateEventBus changes the description (left out, it is kept; empty, it is removed).
    const updated = await t.account.send(
      new UpdateEventBusCommand({ Name: arn('event-bus/orders'), Description: 'Orders, all regions' }),
    );
    assert.deepEqual(
      [updated.Arn, updated.Name, updated.Description],
      [arn('event-bus/orders'), 'orders', 'Orders, all regions'],
    );
    const after = await t.account.send(new DescribeEventBusCommand({ Name: 'orders' }));
    assert.equal(after.Description, 'Orders, all regions');
    assert.ok((after.LastModifiedTime?.getTime() ?? 0) >= (byArn.LastModifiedTime?.getTime() ?? Infinity));
    const kept = await t.account.send(new UpdateEventBusCommand({ Name: 'orders' }));
    assert.equal(kept.Description, 'Orders, all regions');
    const cleared = await t.account.send(new UpdateEventBusCommand({ Name: 'orders', Description: '' }));
    assert.equal(cleared.Description, undefined);
    const kms = await awsError(
      t.account.send(new UpdateEventBusCommand({ Name: 'orders', KmsKeyIdentifier: 'k' })),
    );
    assert.equal(kms.name, 'ValidationException');
    const nowhere = await awsError(
      t.account.send(new UpdateEventBusCommand({ Name: 'nowhere', Description: 'x' })),
    );
    assert.equal(nowhere.name, 'ResourceNotFoundException');

    await t.account.send(new DeleteEventBusCommand({ Name: 'payments' }));
    const gone = await awsError(t.account.send(new DescribeEventBusCommand({ Name: 'payments' })));
    assert.equal(gone.name, 'ResourceNotFoundException');
  });

  test('rules: put (replace), describe, list by prefix and page, enable/disable, delete', async () => {
    await t.account.send(new CreateEventBusCommand({ Name: 'rules-bus' }));
    const put = await t.account.send(
      new PutRuleCommand({
        Name: 'r-big',
        EventBusName: 'rules-bus',
        EventPattern: '{"detail":{"total":[{"numeric":[">",100]}]}}',
        Description: 'big orders',
        State: 'DISABLED',
        Tags: [{ Key: 'k', Value: 'v' }],
      }),
    );
    assert.equal(put.RuleArn, arn('rule/rules-bus/r-big'));
    let rule = await t.account.send(
      new DescribeRuleCommand({ Name: 'r-big', EventBusName: arn('event-bus/rules-bus') }),
    );
    assert.deepEqual(
      [rule.State, rule.Description, rule.EventBusName, rule.CreatedBy],
      ['DISABLED', 'big orders', 'rules-bus', t.accountId],
    );
    await t.account.send(new EnableRuleCommand({ Name: 'r-big', EventBusName: 'rules-bus' }));
    rule = await t.account.send(new DescribeRuleCommand({ Name: 'r-big', EventBusName: 'rules-bus' }));
    assert.equal(rule.State, 'ENABLED');
    await t.account.send(new DisableRuleCommand({ Name: 'r-big', EventBusName: 'rules-bus' }));
    assert.equal(
      (await t.account.send(new DescribeRuleCommand({ Name: 'r-big', EventBusName: 'rules-bus' }))).State,
      'DISABLED',
    );
    // PutRule replaces: the omitted description is gone and the state is back to ENABLED.
    await t.account.send(
      new PutRuleCommand({ Name: 'r-big', EventBusName: 'rules-bus', EventPattern: '{"source":["a"]}' }),
    );
    rule = await t.account.send(new DescribeRuleCommand({ Name: 'r-big', EventBusName: 'rules-bus' }));
    assert.deepEqual(
      [rule.State, rule.Description, rule.EventPattern],
      ['ENABLED', undefined, '{"source":["a"]}'],
    );

    for (const n of ['r-a', 'r-b', 'x-c'])
      await t.account.send(
        new PutRuleCommand({ Name: n, EventBusName: 'rules-bus', EventPattern: '{"source":["a"]}' }),
      );
    const prefixed = await t.account.send(
      new ListRulesCommand({ EventBusName: 'rules-bus', NamePrefix: 'r-' }),
    );
    assert.deepEqual(
      prefixed.Rules?.map((r) => r.Name),
      ['r-a', 'r-b', 'r-big'],
    );
    const p1 = await t.account.send(new ListRulesCommand({ EventBusName: 'rules-bus', Limit: 3 }));
    const p2 = await t.account.send(
      new ListRulesCommand({ EventBusName: 'rules-bus', Limit: 3, NextToken: p1.NextToken }),
    );
    assert.deepEqual(
      p2.Rules?.map((r) => r.Name),
      ['x-c'],
    );

    const bad = await awsError(
      t.account.send(
        new PutRuleCommand({ Name: 'bad', EventBusName: 'rules-bus', EventPattern: '{"a":"not-an-array"}' }),
      ),
    );
    assert.equal(bad.name, 'InvalidEventPatternException');
    const schedule = await awsError(
      t.account.send(new PutRuleCommand({ Name: 'cron', ScheduleExpression: 'rate(5 minutes)' })),
    );
    assert.equal(schedule.name, 'ValidationException');
    await t.account.send(new DeleteRuleCommand({ Name: 'x-c', EventBusName: 'rules-bus' }));
    const deleted = await awsError(
      t.account.send(new DescribeRuleCommand({ Name: 'x-c', EventBusName: 'rules-bus' })),
    );
    assert.equal(deleted.name, 'ResourceNotFoundException');
  });

  test('targets by ARN: bus and AWS bus targets, list, rule names by target, limits, removal', async () => {
    await t.account.send(new PutRuleCommand({ Name: 'fan', EventPattern: '{"source":["shop"]}' }));
    await t.account.send(new PutRuleCommand({ Name: 'fan2', EventPattern: '{"source":["shop"]}' }));
    const awsBus = 'arn:aws:events:eu-west-1:111122223333:event-bus/elsewhere';
    const put = await t.account.send(
      new PutTargetsCommand({
        Rule: 'fan',
        Targets: [
          {
            Id: 'local',
            Arn: arn('event-bus/orders'),
            InputTransformer: { InputPathsMap: { id: '$.id' }, InputTemplate: '{"event":<id>}' },
            RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 120 },
          },
          { Id: 'aws', Arn: awsBus, RoleArn: 'arn:aws:iam::111122223333:role/eb', InputPath: '$.detail' },
          { Id: 'lambda', Arn: 'arn:aws:lambda:us-east-1:111122223333:function:f' },
          { Id: 'both', Arn: awsBus, Input: '{}', InputPath: '$.detail' },
        ],
      }),
    );
    assert.equal(put.FailedEntryCount, 2);
    assert.deepEqual(
      put.FailedEntries?.map((f) => [f.TargetId, f.ErrorCode]),
      [
        ['lambda', 'ValidationException'],
        ['both', 'ValidationException'],
      ],
    );
    const listed = await t.account.send(new ListTargetsByRuleCommand({ Rule: 'fan' }));
    assert.deepEqual(listed.Targets, [
      { Id: 'aws', Arn: awsBus, RoleArn: 'arn:aws:iam::111122223333:role/eb', InputPath: '$.detail' },
      {
        Id: 'local',
        Arn: arn('event-bus/orders'),
        InputTransformer: { InputPathsMap: { id: '$.id' }, InputTemplate: '{"event":<id>}' },
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 120 },
      },
    ]);
    // The same targets through REST: one bus target and one EventBridge target.
    const rest = await h
      .http()
      .get('/v1/event-buses/default/rules/fan/targets')
      .set({ authorization: `Bearer ${h.config.adminToken}`, 'x-hookbridge-account': t.accountId })
      .expect(200);
    assert.deepEqual(
      rest.body.items.map((x: { id: string; type: string }) => [x.id, x.type]),
      [
        ['aws', 'eventbridge'],
        ['local', 'bus'],
      ],
    );

    await t.account.send(new PutTargetsCommand({ Rule: 'fan2', Targets: [{ Id: 'again', Arn: awsBus }] }));
    const names = await t.account.send(new ListRuleNamesByTargetCommand({ TargetArn: awsBus }));
    assert.deepEqual(names.RuleNames, ['fan', 'fan2']);

    const six = Array.from({ length: 4 }, (_, i) => ({ Id: `more${i}`, Arn: awsBus }));
    const limit = await awsError(t.account.send(new PutTargetsCommand({ Rule: 'fan', Targets: six })));
    assert.equal(limit.name, 'LimitExceededException', 'at most 5 targets per rule');
    const eleven = Array.from({ length: 11 }, (_, i) => ({ Id: `t${i}`, Arn: awsBus }));
    assert.equal(
      (await awsError(t.account.send(new PutTargetsCommand({ Rule: 'fan', Targets: eleven })))).name,
      'ValidationException',
    );

    const withTargets = await awsError(t.account.send(new DeleteRuleCommand({ Name: 'fan' })));
    assert.equal(withTargets.name, 'ValidationException', "a rule with targets can't be deleted");
    const removed = await t.account.send(
      new RemoveTargetsCommand({ Rule: 'fan', Ids: ['aws', 'local', 'nope'] }),
    );
    assert.deepEqual(
      removed.FailedEntries?.map((f) => [f.TargetId, f.ErrorCode]),
      [['nope', 'ResourceNotFoundException']],
    );
    await t.account.send(new DeleteRuleCommand({ Name: 'fan' }));
  });
});
