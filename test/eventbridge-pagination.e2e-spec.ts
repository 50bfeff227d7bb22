import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateEventBusCommand,
  CreatePartnerEventSourceCommand,
  DeletePartnerEventSourceCommand,
  ListEventBusesCommand,
  ListEventSourcesCommand,
  ListPartnerEventSourceAccountsCommand,
  ListPartnerEventSourcesCommand,
  ListRuleNamesByTargetCommand,
  ListRulesCommand,
  ListTargetsByRuleCommand,
  PutRuleCommand,
  PutTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import { startHarness, type Harness } from './support/harness.js';
import { admin } from './support/fixtures.js';
import { awsError, createSdkTenant, restGet, type SdkTenant, sourceName } from './support/eventbridge.js';
import { assertEveryOnceInOrder, cmp, walkPages } from './support/eventbridge-walk.js';

// The EventBridge API's list operations page in SQL (keyset): a client walking the pages with a small
// Limit sees every item once, in the list's order, with the filters applied before paging; a
// NextToken belongs to its operation, caller and filters.

/** `n` names in a shuffled order (3 is prime to every `n` used), so that the list must sort them. */
const names = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => `${prefix}${String((i * 3) % n).padStart(3, '0')}`);

describe('EventBridge API: list operations page by page', () => {
  let h: Harness;
  let t: SdkTenant;
  let busArn: (name: string) => string;
  before(async () => {
    h = await startHarness({ worker: false });
    t = await createSdkTenant(h);
    busArn = (name) => `arn:aws:events:${h.config.region}:${t.accountId}:event-bus/${name}`;
  });
  after(async () => h?.close());

  const putRule = (bus: string, name: string) =>
    t.account.send(new PutRuleCommand({ Name: name, EventBusName: bus, EventPattern: '{"source":["x"]}' }));

  test('ListEventBuses, ListRules and ListTargetsByRule: small pages give every item once, in order', async () => {
    const buses = names('pb-', 7);
    for (const name of buses) await t.account.send(new CreateEventBusCommand({ Name: name }));
    const busPage = (prefix?: string) => async (token?: string) => {
      const out = await t.account.send(
        new ListEventBusesCommand({ NamePrefix: prefix, Limit: 2, NextToken: token }),
      );
      return { items: out.EventBuses?.map((b) => b.Name ?? ''), next: out.NextToken };
    };
    assertEveryOnceInOrder(await walkPages(2, busPage('pb-')), buses, 'buses by prefix');
    assertEveryOnceInOrder(await walkPages(2, busPage()), [...buses, 'default'], 'every bus');

    const bus = buses[0] ?? '';
    const rules = names('r-', 8);
    for (const name of [...rules, 'other-1', 'other-2']) await putRule(bus, name);
    // The bus by name on the first page, by ARN after it: the same list.
    const rulePages = await walkPages(3, async (token) => {
      const EventBusName = token ? busArn(bus) : bus;
      const out = await t.account.send(
        new ListRulesCommand({ EventBusName, NamePrefix: 'r-', Limit: 3, NextToken: token }),
      );
      return { items: out.Rules?.map((r) => r.Name ?? ''), next: out.NextToken };
    });
    assertEveryOnceInOrder(rulePages, rules, 'rules by prefix');

    const ids = ['t4', 't1', 't5', 't3', 't2'];
    await t.account.send(
      new PutTargetsCommand({
        Rule: rules[0],
        EventBusName: bus,
        Targets: ids.map((Id) => ({ Id, Arn: busArn(buses[1] ?? '') })),
      }),
    );
    const targets = await walkPages(2, async (token) => {
      const out = await t.account.send(
        new ListTargetsByRuleCommand({ Rule: rules[0], EventBusName: bus, Limit: 2, NextToken: token }),
      );
      return { items: out.Targets?.map((x) => x.Id ?? ''), next: out.NextToken };
    });
    assertEveryOnceInOrder(targets, ids, 'targets');
  });

  test('ListRuleNamesByTarget: the rules with a target of an ARN, page by page, past a batch of 100 rules', async () => {
    await t.account.send(new CreateEventBusCommand({ Name: 'many' }));
    for (const dest of ['to-x', 'to-y']) await t.account.send(new CreateEventBusCommand({ Name: dest }));
    const rules = names('m-', 130);
    const toX: string[] = [];
    for (const [i, name] of rules.entries()) {
      await putRule('many', name);
      const dest = i % 9 === 0 ? 'to-x' : i % 4 === 0 ? 'to-y' : undefined;
      if (dest === 'to-x') toX.push(name);
      if (dest)
        await t.account.send(
          new PutTargetsCommand({
            Rule: name,
            EventBusName: 'many',
            Targets: [{ Id: 'hop', Arn: busArn(dest) }],
          }),
        );
    }
    for (const limit of [2, 5, 100]) {
      const walked = await walkPages(limit, async (token) => {
        const out = await t.account.send(
          new ListRuleNamesByTargetCommand({
            TargetArn: busArn('to-x'),
            EventBusName: 'many',
            Limit: limit,
            NextToken: token,
          }),
        );
        return { items: out.RuleNames, next: out.NextToken };
      });
      assertEveryOnceInOrder(walked, toX, `rule names, Limit ${limit}`);
    }
  });

  test('partner sources: live names once, each name in its latest life, every life of a name by account', async () => {
    const prefix = sourceName(t, 'paged');
    const sources = names(`${prefix}/s`, 7);
    const create = (Name: string, Account = t.accountId) =>
      t.partnerClient.send(new CreatePartnerEventSourceCommand({ Name, Account }));
    const remove = (Name: string, Account = t.accountId) =>
      t.partnerClient.send(new DeletePartnerEventSourceCommand({ Name, Account }));
    for (const name of sources) await create(name);
    const [recreated = '', deleted = ''] = sources;
    await remove(recreated);
    await create(recreated);
    await remove(deleted);

    const live = await walkPages(2, async (token) => {
      const out = await t.partnerClient.send(
        new ListPartnerEventSourcesCommand({ NamePrefix: prefix, Limit: 2, NextToken: token }),
      );
      return { items: out.PartnerEventSources?.map((s) => s.Name ?? ''), next: out.NextToken };
    });
    assertEveryOnceInOrder(
      live,
      sources.filter((n) => n !== deleted),
      'the partner: live names',
    );

    const offered = await walkPages(2, async (token) => {
      const out = await t.account.send(
        new ListEventSourcesCommand({ NamePrefix: prefix, Limit: 2, NextToken: token }),
      );
      return { items: out.EventSources?.map((s) => `${s.Name} ${s.State}`), next: out.NextToken };
    });
    const state = (n: string) => (n === deleted ? 'DELETED' : 'PENDING');
    assertEveryOnceInOrder(
      offered,
      sources.map((n) => `${n} ${state(n)}`),
      'the account: latest lives',
    );

    // A name's lives: for this account, then another, then this one again.
    const otherRes = await h.http().post('/v1/accounts').set(admin(h)).send({ name: 'other' }).expect(201);
    const other = otherRes.body.accountId as string;
    const history = `${prefix}/history`;
    await create(history);
    await remove(history);
    await create(history, other);
    await remove(history, other);
    await create(history);
    const lives = await walkPages(1, async (token) => {
      const out = await t.partnerClient.send(
        new ListPartnerEventSourceAccountsCommand({ EventSourceName: history, Limit: 1, NextToken: token }),
      );
      return { items: out.PartnerEventSourceAccounts, next: out.NextToken };
    });
    const key = (l: (typeof lives)[number]) => [l.Account ?? '', l.CreationTime?.toISOString() ?? ''];
    // By account, then oldest first.
    const expected = [...lives].sort((a, b) => cmp(key(a).join(' '), key(b).join(' ')));
    assert.deepEqual(lives.map(key), expected.map(key));
    assert.deepEqual(
      lives.map((l) => `${l.Account} ${l.State}`).sort(),
      [`${other} DELETED`, `${t.accountId} DELETED`, `${t.accountId} PENDING`].sort(),
    );
  });

  test('a NextToken is refused by another operation, filter or caller, and when the API did not give it', async () => {
    const bus = 'tokens';
    await t.account.send(new CreateEventBusCommand({ Name: bus }));
    for (const name of ['a-1', 'a-2', 'b-1', 'b-2']) await putRule(bus, name);
    const first = await t.account.send(new ListRulesCommand({ EventBusName: bus, Limit: 1 }));
    const token = first.NextToken;
    assert.ok(token);
    // Limit may change from page to page.
    const next = await t.account.send(
      new ListRulesCommand({ EventBusName: bus, Limit: 3, NextToken: token }),
    );
    assert.deepEqual(
      next.Rules?.map((r) => r.Name),
      ['a-2', 'b-1', 'b-2'],
    );

    const foreign = /^The NextToken was issued for another operation, caller or filters/;
    const refusedWith = async (p: Promise<unknown>, message: RegExp, what: string) => {
      const err = await awsError(p);
      assert.equal(err.name, 'ValidationException', `${what}: ${err.message}`);
      assert.equal(err.status, 400, what);
      assert.match(err.message, message, what);
    };
    await refusedWith(
      t.account.send(new ListEventBusesCommand({ NextToken: token })),
      foreign,
      'another operation',
    );
    await refusedWith(
      t.account.send(new ListRulesCommand({ EventBusName: bus, NamePrefix: 'a-', NextToken: token })),
      foreign,
      'another filter',
    );
    await refusedWith(
      t.account.send(new ListRulesCommand({ EventBusName: 'default', NextToken: token })),
      foreign,
      'another bus',
    );
    const stranger = await createSdkTenant(h);
    await stranger.account.send(new CreateEventBusCommand({ Name: bus }));
    await refusedWith(
      stranger.account.send(new ListRulesCommand({ EventBusName: bus, NextToken: token })),
      foreign,
      'another caller',
    );
    const prefix = sourceName(t, 'tokens');
    for (const name of [`${prefix}/1`, `${prefix}/2`])
      await t.partnerClient.send(new CreatePartnerEventSourceCommand({ Name: name, Account: t.accountId }));
    const partnerToken = (
      await t.partnerClient.send(new ListPartnerEventSourcesCommand({ NamePrefix: prefix, Limit: 1 }))
    ).NextToken;
    assert.ok(partnerToken);
    await refusedWith(
      t.partnerClient.send(
        new ListPartnerEventSourcesCommand({ NamePrefix: `${prefix}/2`, NextToken: partnerToken }),
      ),
      foreign,
      'another name prefix',
    );
    // A REST nextToken is not a NextToken of the EventBridge API's.
    const rest = await restGet(h, t, '/v1/event-buses?limit=1').expect(200);
    assert.ok(rest.body.nextToken);
    await refusedWith(
      t.account.send(new ListEventBusesCommand({ Limit: 1, NextToken: rest.body.nextToken as string })),
      foreign,
      'a REST token',
    );
    // ...nor the other way round.
    const busToken = (await t.account.send(new ListEventBusesCommand({ Limit: 1 }))).NextToken ?? '';
    const restRefusal = await restGet(h, t, '/v1/event-buses').query({ nextToken: busToken });
    assert.equal(restRefusal.status, 400, restRefusal.text);

    const invalid = /^The NextToken is not valid\.$/;
    // Tokens are not signed: one with the right binding but a key that does not fit the list.
    const { q } = JSON.parse(Buffer.from(token, 'base64url').toString()) as { q: string };
    const forged = Buffer.from(JSON.stringify({ k: ['a-1', 'extra'], q })).toString('base64url');
    for (const NextToken of ['garbage', forged])
      await refusedWith(
        t.account.send(new ListRulesCommand({ EventBusName: bus, NextToken })),
        invalid,
        NextToken,
      );
    for (const Limit of [0, 101])
      assert.equal(
        (await awsError(t.account.send(new ListRulesCommand({ EventBusName: bus, Limit })))).name,
        'ValidationException',
        `Limit ${Limit}`,
      );
  });
});
