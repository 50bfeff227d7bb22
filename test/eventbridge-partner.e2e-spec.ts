import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ActivateEventSourceCommand,
  CreateEventBusCommand,
  CreatePartnerEventSourceCommand,
  DeactivateEventSourceCommand,
  DeleteEventBusCommand,
  DeletePartnerEventSourceCommand,
  DescribeEventBusCommand,
  DescribeEventSourceCommand,
  DescribePartnerEventSourceCommand,
  ListEventSourcesCommand,
  ListPartnerEventSourceAccountsCommand,
  ListPartnerEventSourcesCommand,
  PutPartnerEventsCommand,
} from '@aws-sdk/client-eventbridge';
import { startHarness, type Harness } from './support/harness.js';
import { as } from './support/fixtures.js';
import { awsError, createSdkTenant, type SdkTenant, sourceName } from './support/eventbridge.js';

describe('EventBridge API: the partner event source lifecycle through @aws-sdk/client-eventbridge', () => {
  let h: Harness;
  let t: SdkTenant;
  before(async () => {
    h = await startHarness({ worker: false });
    t = await createSdkTenant(h);
  });
  after(async () => h.close());

  test('partner creates, describes and lists a source; the account sees it PENDING, then ACTIVE', async () => {
    const name = sourceName(t);
    const created = await t.partnerClient.send(
      new CreatePartnerEventSourceCommand({ Name: name, Account: t.accountId }),
    );
    assert.equal(created.EventSourceArn, `arn:aws:events:us-east-1::event-source/${name}`);

    const described = await t.partnerClient.send(new DescribePartnerEventSourceCommand({ Name: name }));
    assert.deepEqual(
      { Arn: described.Arn, Name: described.Name },
      { Arn: created.EventSourceArn, Name: name },
    );

    const listed = await t.partnerClient.send(new ListPartnerEventSourcesCommand({ NamePrefix: name }));
    assert.deepEqual(listed.PartnerEventSources, [{ Arn: created.EventSourceArn, Name: name }]);

    const pending = await t.account.send(new DescribeEventSourceCommand({ Name: name }));
    assert.equal(pending.State, 'PENDING');
    assert.equal(pending.CreatedBy, t.partner);
    assert.ok(pending.CreationTime instanceof Date && pending.ExpirationTime instanceof Date);
    assert.ok(pending.ExpirationTime > pending.CreationTime, 'a PENDING source expires later');
    const sources = await t.account.send(new ListEventSourcesCommand({ NamePrefix: name }));
    assert.deepEqual(
      sources.EventSources?.map((s) => [s.Name, s.State]),
      [[name, 'PENDING']],
    );

    const bus = await t.account.send(new CreateEventBusCommand({ Name: name, EventSourceName: name }));
    assert.equal(bus.EventBusArn, `arn:aws:events:us-east-1:${t.accountId}:event-bus/${name}`);
    const active = await t.account.send(new DescribeEventSourceCommand({ Name: name }));
    assert.equal(active.State, 'ACTIVE');
    assert.equal(active.ExpirationTime, undefined, 'an ACTIVE source does not expire');

    const accounts = await t.partnerClient.send(
      new ListPartnerEventSourceAccountsCommand({ EventSourceName: name }),
    );
    assert.deepEqual(
      accounts.PartnerEventSourceAccounts?.map((a) => [a.Account, a.State]),
      [[t.accountId, 'ACTIVE']],
    );
  });

  test('deactivate → PENDING, activate → ACTIVE; deleting the bus → PENDING; illegal transitions fail like AWS', async () => {
    const name = sourceName(t);
    await t.partnerClient.send(new CreatePartnerEventSourceCommand({ Name: name, Account: t.accountId }));
    const early = await awsError(t.account.send(new ActivateEventSourceCommand({ Name: name })));
    assert.equal(early.name, 'InvalidStateException', 'activating without a bus is refused');
    assert.equal(early.status, 400);

    await t.account.send(new CreateEventBusCommand({ Name: name, EventSourceName: name }));
    const again = await awsError(
      t.account.send(new CreateEventBusCommand({ Name: name, EventSourceName: name })),
    );
    assert.equal(again.name, 'ResourceAlreadyExistsException');

    await t.account.send(new DeactivateEventSourceCommand({ Name: name }));
    assert.equal((await t.account.send(new DescribeEventSourceCommand({ Name: name }))).State, 'PENDING');
    const twice = await awsError(t.account.send(new DeactivateEventSourceCommand({ Name: name })));
    assert.equal(twice.name, 'InvalidStateException');
    await t.account.send(new ActivateEventSourceCommand({ Name: name }));
    assert.equal((await t.account.send(new DescribeEventSourceCommand({ Name: name }))).State, 'ACTIVE');

    await t.account.send(new DeleteEventBusCommand({ Name: name }));
    assert.equal((await t.account.send(new DescribeEventSourceCommand({ Name: name }))).State, 'PENDING');
    const gone = await awsError(t.account.send(new DescribeEventBusCommand({ Name: name })));
    assert.equal(gone.name, 'ResourceNotFoundException');
  });

  test('the partner deleting the source leaves the bus; recreating and re-associating revives it', async () => {
    const name = sourceName(t);
    await t.partnerClient.send(new CreatePartnerEventSourceCommand({ Name: name, Account: t.accountId }));
    await t.account.send(new CreateEventBusCommand({ Name: name, EventSourceName: name }));
    await t.partnerClient.send(new DeletePartnerEventSourceCommand({ Name: name, Account: t.accountId }));
    const missing = await awsError(
      t.partnerClient.send(new DescribePartnerEventSourceCommand({ Name: name })),
    );
    assert.equal(missing.name, 'ResourceNotFoundException');
    const listed = await t.partnerClient.send(new ListPartnerEventSourcesCommand({ NamePrefix: name }));
    assert.deepEqual(listed.PartnerEventSources, [], 'a deleted source is no longer listed');
    const history = await t.partnerClient.send(
      new ListPartnerEventSourceAccountsCommand({ EventSourceName: name }),
    );
    assert.deepEqual(
      history.PartnerEventSourceAccounts?.map((a) => a.State),
      ['DELETED'],
    );
    // The bus stays (DELETED in Hookbridge's REST view) and is still described.
    const bus = await t.account.send(new DescribeEventBusCommand({ Name: name }));
    assert.equal(bus.Name, name);
    const rest = await h
      .http()
      .get(`/v1/event-buses/${encodeURIComponent(name)}`)
      .set(as(await restToken(h, t)))
      .expect(200);
    assert.equal(rest.body.state, 'DELETED');

    await t.partnerClient.send(new CreatePartnerEventSourceCommand({ Name: name, Account: t.accountId }));
    await t.account.send(new CreateEventBusCommand({ Name: name, EventSourceName: name }));
    assert.equal((await t.account.send(new DescribeEventSourceCommand({ Name: name }))).State, 'ACTIVE');
  });

  test('PutPartnerEvents: 1–20 entries, index-aligned results with AWS per-entry codes', async () => {
    const name = sourceName(t);
    await t.partnerClient.send(new CreatePartnerEventSourceCommand({ Name: name, Account: t.accountId }));
    const out = await t.partnerClient.send(
      new PutPartnerEventsCommand({
        Entries: [
          {
            Source: name,
            DetailType: 'order.created',
            Detail: '{"id":1}',
            Time: new Date('2026-01-02T03:04:05Z'),
          },
          { Source: name, DetailType: 'order.created', Detail: 'not json' },
          { Source: name, DetailType: 'order.created' },
          { Source: 'aws.partner/someone.else/x', DetailType: 'x', Detail: '{}' },
          { Source: name, DetailType: 'big', Detail: JSON.stringify({ pad: 'x'.repeat(1024 * 1024) }) },
        ],
      }),
    );
    assert.equal(out.FailedEntryCount, 4);
    assert.match(out.Entries?.[0]?.EventId ?? '', /^[0-9a-f-]{36}$/);
    assert.deepEqual(
      out.Entries?.slice(1).map((e) => e.ErrorCode),
      ['MalformedDetail', 'InvalidArgument', 'NotAuthorizedForSourceException', 'InvalidArgument'],
    );
    const tooMany = await awsError(
      t.partnerClient.send(
        new PutPartnerEventsCommand({
          Entries: Array.from({ length: 21 }, () => ({ Source: name, DetailType: 'x', Detail: '{}' })),
        }),
      ),
    );
    assert.equal(tooMany.name, 'ValidationException');
    assert.match(tooMany.message, /entries/);
    const none = await awsError(t.partnerClient.send(new PutPartnerEventsCommand({ Entries: [] })));
    assert.equal(none.name, 'ValidationException');
  });

  test('ListPartnerEventSources and ListEventSources page with Limit and NextToken', async () => {
    const prefix = sourceName(t, `page${Date.now().toString(36)}`);
    const names = ['a', 'b', 'c', 'd', 'e'].map((s) => `${prefix}/${s}`);
    for (const n of names)
      await t.partnerClient.send(new CreatePartnerEventSourceCommand({ Name: n, Account: t.accountId }));
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await t.partnerClient.send(
        new ListPartnerEventSourcesCommand({ NamePrefix: prefix, Limit: 2, NextToken: token }),
      );
      seen.push(...(page.PartnerEventSources ?? []).map((s) => s.Name ?? ''));
      token = page.NextToken;
      pages++;
    } while (token);
    assert.deepEqual(seen, names);
    assert.equal(pages, 3);

    const first = await t.account.send(new ListEventSourcesCommand({ NamePrefix: prefix, Limit: 4 }));
    assert.equal(first.EventSources?.length, 4);
    const rest = await t.account.send(
      new ListEventSourcesCommand({ NamePrefix: prefix, Limit: 4, NextToken: first.NextToken }),
    );
    assert.deepEqual(
      rest.EventSources?.map((s) => s.Name),
      [names[4]],
    );
    assert.equal(rest.NextToken, undefined);
    const bad = await awsError(t.account.send(new ListEventSourcesCommand({ NextToken: 'garbage' })));
    assert.equal(bad.name, 'ValidationException');
  });
});

/** A bearer token for the tenant's account, to check the REST view of the same state. */
async function restToken(h: Harness, t: SdkTenant): Promise<string> {
  const res = await h
    .http()
    .post('/v1/api-keys')
    .set({ authorization: `Bearer ${h.config.adminToken}` })
    .send({ accountId: t.accountId })
    .expect(201);
  return res.body.token as string;
}
