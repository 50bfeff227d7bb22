import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateEventBusCommand,
  ListTagsForResourceCommand,
  PutEventsCommand,
  PutRuleCommand,
  TagResourceCommand,
  TestEventPatternCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-eventbridge';
import { startHarness, type Harness } from './support/harness.js';
import { awsError, createSdkTenant, type SdkTenant } from './support/eventbridge.js';

describe('EventBridge API: tags, TestEventPattern and PutEvents through @aws-sdk/client-eventbridge', () => {
  let h: Harness;
  let t: SdkTenant;
  let arn: (resource: string) => string;
  before(async () => {
    h = await startHarness({ worker: false });
    t = await createSdkTenant(h);
    arn = (resource) => `arn:aws:events:us-east-1:${t.accountId}:${resource}`;
  });
  after(async () => h.close());

  test('tags on rules: tag, replace, untag; unknown resources are ResourceNotFoundException', async () => {
    await t.account.send(new PutRuleCommand({ Name: 'tagged', EventPattern: '{"source":["a"]}' }));
    const ruleArn = arn('rule/tagged');
    await t.account.send(
      new TagResourceCommand({
        ResourceARN: ruleArn,
        Tags: [
          { Key: 'a', Value: '1' },
          { Key: 'b', Value: '2' },
        ],
      }),
    );
    await t.account.send(new TagResourceCommand({ ResourceARN: ruleArn, Tags: [{ Key: 'a', Value: '3' }] }));
    await t.account.send(new UntagResourceCommand({ ResourceARN: ruleArn, TagKeys: ['b'] }));
    const tags = await t.account.send(new ListTagsForResourceCommand({ ResourceARN: ruleArn }));
    assert.deepEqual(tags.Tags, [{ Key: 'a', Value: '3' }]);
    const missing = await awsError(
      t.account.send(
        new TagResourceCommand({ ResourceARN: arn('rule/nope'), Tags: [{ Key: 'a', Value: '1' }] }),
      ),
    );
    assert.equal(missing.name, 'ResourceNotFoundException');
    const reserved = await awsError(
      t.account.send(new TagResourceCommand({ ResourceARN: ruleArn, Tags: [{ Key: 'aws:x', Value: '1' }] })),
    );
    assert.equal(reserved.name, 'ValidationException');
  });

  test('TestEventPattern and PutEvents (1–10 entries, per-entry AWS error codes)', async () => {
    const event = JSON.stringify({
      id: '1',
      account: t.accountId,
      source: 'shop',
      time: '2026-01-01T00:00:00Z',
      region: 'us-east-1',
      'detail-type': 'order',
      detail: { total: 300.0 },
    });
    const yes = await t.account.send(
      new TestEventPatternCommand({
        EventPattern: '{"detail":{"total":[{"numeric":[">",100]}]}}',
        Event: event,
      }),
    );
    assert.equal(yes.Result, true);
    const no = await t.account.send(
      new TestEventPatternCommand({ EventPattern: '{"source":["other"]}', Event: event }),
    );
    assert.equal(no.Result, false);
    const invalid = await awsError(
      t.account.send(new TestEventPatternCommand({ EventPattern: '{"a":1}', Event: event })),
    );
    assert.equal(invalid.name, 'InvalidEventPatternException');

    await t.account.send(new CreateEventBusCommand({ Name: 'put-bus' }));
    const out = await t.account.send(
      new PutEventsCommand({
        Entries: [
          { Source: 'shop', DetailType: 'order', Detail: '{"total":1}', EventBusName: 'put-bus' },
          {
            Source: 'shop',
            DetailType: 'order',
            Detail: '{"total":1}',
            EventBusName: arn('event-bus/put-bus'),
          },
          { Source: 'aws.shop', DetailType: 'order', Detail: '{}' },
          { Source: 'shop', DetailType: 'order', Detail: '{}', EventBusName: 'missing' },
          { Source: 'shop', DetailType: 'order', Detail: '[1]' },
          { Source: 'shop', Detail: '{}' },
        ],
      }),
    );
    assert.equal(out.FailedEntryCount, 4);
    assert.deepEqual(
      out.Entries?.map((e) => e.ErrorCode ?? 'ok'),
      [
        'ok',
        'ok',
        'NotAuthorizedForSourceException',
        'ResourceNotFoundException',
        'MalformedDetail',
        'InvalidArgument',
      ],
    );
    const eleven = Array.from({ length: 11 }, () => ({ Source: 'shop', DetailType: 'x', Detail: '{}' }));
    assert.equal(
      (await awsError(t.account.send(new PutEventsCommand({ Entries: eleven })))).name,
      'ValidationException',
    );
  });
});
