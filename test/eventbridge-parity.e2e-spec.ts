import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateArchiveCommand,
  CreateEventBusCommand,
  DeleteEventBusCommand,
  DeleteRuleCommand,
  DescribeReplayCommand,
  ListRulesCommand,
  ListTagsForResourceCommand,
  PutEventsCommand,
  PutRuleCommand,
  StartReplayCommand,
} from '@aws-sdk/client-eventbridge';
import { startHarness, type Harness } from './support/harness.js';
import { awsError, createSdkTenant, type SdkTenant } from './support/eventbridge.js';

/** Behaviour an AWS SDK user relies on where Amazon EventBridge documents it. */
describe('EventBridge API: parity with documented AWS behaviour', () => {
  let h: Harness;
  let t: SdkTenant;
  let arn: (resource: string) => string;
  before(async () => {
    h = await startHarness({ worker: false });
    t = await createSdkTenant(h);
    arn = (resource) => `arn:aws:events:${h.config.region}:${t.accountId}:${resource}`;
  });
  after(async () => h.close());

  test('DeleteRule of a rule that is gone succeeds (every call does); a missing bus is still not found', async () => {
    await t.account.send(new PutRuleCommand({ Name: 'once', EventPattern: '{"source":["a"]}' }));
    await t.account.send(new DeleteRuleCommand({ Name: 'once' }));
    await t.account.send(new DeleteRuleCommand({ Name: 'once' }));
    await t.account.send(new DeleteRuleCommand({ Name: 'never-was' }));
    const rules = await t.account.send(new ListRulesCommand({ NamePrefix: 'once' }));
    assert.deepEqual(rules.Rules, []);
    const noBus = await awsError(
      t.account.send(new DeleteRuleCommand({ Name: 'x', EventBusName: 'no-bus' })),
    );
    assert.equal(noBus.name, 'ResourceNotFoundException');
  });

  test('DeleteEventBus of a bus that does not exist succeeds, as AWS (its only errors are concurrency and internal)', async () => {
    await t.account.send(new CreateEventBusCommand({ Name: 'short-lived' }));
    await t.account.send(new DeleteEventBusCommand({ Name: 'short-lived' }));
    await t.account.send(new DeleteEventBusCommand({ Name: 'short-lived' }));
    await t.account.send(new DeleteEventBusCommand({ Name: 'never-was' }));
    const dflt = await awsError(t.account.send(new DeleteEventBusCommand({ Name: 'default' })));
    assert.equal(dflt.name, 'ValidationException', 'the default bus still cannot be deleted');
  });

  test('PutRule on an existing rule ignores Tags (AWS: use TagResource); on creation it applies them', async () => {
    const put = (value: string) =>
      t.account.send(
        new PutRuleCommand({
          Name: 'tagged',
          EventPattern: '{"source":["a"]}',
          Tags: [{ Key: `k-${value}`, Value: value }],
        }),
      );
    await put('first');
    await put('second');
    const tags = await t.account.send(new ListTagsForResourceCommand({ ResourceARN: arn('rule/tagged') }));
    assert.deepEqual(tags.Tags, [{ Key: 'k-first', Value: 'first' }]);
  });

  test('CreateEventBus and PutRule with refused Tags create nothing, so a corrected retry succeeds', async () => {
    const reserved = [{ Key: 'aws:team', Value: 'x' }];
    const twice = [
      { Key: 'team', Value: 'a' },
      { Key: 'team', Value: 'b' },
    ];
    for (const Tags of [reserved, twice]) {
      const bus = await awsError(t.account.send(new CreateEventBusCommand({ Name: 'tagged-bus', Tags })));
      assert.equal(bus.name, 'ValidationException');
      const rule = await awsError(
        t.account.send(new PutRuleCommand({ Name: 'tagged-rule', EventPattern: '{"source":["a"]}', Tags })),
      );
      assert.equal(rule.name, 'ValidationException');
    }
    const rules = await t.account.send(new ListRulesCommand({ NamePrefix: 'tagged-rule' }));
    assert.deepEqual(rules.Rules, [], 'the refused PutRule created no rule');
    const Tags = [{ Key: 'team', Value: 'shop' }];
    await t.account.send(new CreateEventBusCommand({ Name: 'tagged-bus', Tags }));
    const tags = await t.account.send(
      new ListTagsForResourceCommand({ ResourceARN: arn('event-bus/tagged-bus') }),
    );
    assert.deepEqual(tags.Tags, Tags);
  });

  test("PutEvents: an EventBusName ARN of another account or region fails its entry, never lands on the caller's namesake bus", async () => {
    await t.account.send(new CreateEventBusCommand({ Name: 'orders' }));
    const entry = (EventBusName: string) => ({
      Source: 'shop',
      DetailType: 'order',
      Detail: '{}',
      EventBusName,
    });
    const elsewhere = [
      'arn:aws:events:us-east-1:999999999999:event-bus/orders',
      `arn:aws:events:eu-west-1:${t.accountId}:event-bus/orders`,
    ];
    const out = await t.account.send(
      new PutEventsCommand({
        Entries: [entry(arn('event-bus/orders')), ...elsewhere.map(entry), entry('orders')],
      }),
    );
    assert.equal(out.FailedEntryCount, 2, JSON.stringify(out.Entries));
    assert.ok(out.Entries?.[0]?.EventId && out.Entries[3]?.EventId, 'results stay index-aligned');
    assert.deepEqual(
      out.Entries?.slice(1, 3).map((e) => [e.ErrorCode, e.ErrorMessage]),
      elsewhere.map((a) => ['ResourceNotFoundException', `Event bus ${a} does not exist.`]),
    );
    for (const e of out.Entries?.slice(1, 3) ?? []) assert.equal(e.EventId, undefined);
  });

  test('StartReplay: FilterArns may name a rule of a bus whose name has a slash', async () => {
    const bus = 'team/orders';
    await t.account.send(new CreateEventBusCommand({ Name: bus }));
    await t.account.send(
      new PutRuleCommand({ Name: 'r', EventBusName: bus, EventPattern: '{"source":["a"]}' }),
    );
    await t.account.send(
      new CreateArchiveCommand({ ArchiveName: 'team-orders', EventSourceArn: arn(`event-bus/${bus}`) }),
    );
    const now = Date.now();
    const destination = { Arn: arn(`event-bus/${bus}`), FilterArns: [arn(`rule/${bus}/r`)] };
    await t.account.send(
      new StartReplayCommand({
        ReplayName: 'team-orders-replay',
        EventSourceArn: arn('archive/team-orders'),
        EventStartTime: new Date(now - 60_000),
        EventEndTime: new Date(now),
        Destination: destination,
      }),
    );
    const replay = await t.account.send(new DescribeReplayCommand({ ReplayName: 'team-orders-replay' }));
    assert.deepEqual(replay.Destination, destination);
    const otherBus = await awsError(
      t.account.send(
        new StartReplayCommand({
          ReplayName: 'wrong-bus',
          EventSourceArn: arn('archive/team-orders'),
          EventStartTime: new Date(now - 60_000),
          EventEndTime: new Date(now),
          Destination: { Arn: arn(`event-bus/${bus}`), FilterArns: [arn('rule/team/r')] },
        }),
      ),
    );
    assert.equal(otherBus.name, 'ValidationException', 'a rule of another bus (team) is refused');
  });
});
