import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import {
  CreateApiDestinationCommand,
  CreateArchiveCommand,
  CreateConnectionCommand,
  CreateEventBusCommand,
  CreatePartnerEventSourceCommand,
  ListApiDestinationsCommand,
  ListArchivesCommand,
  ListConnectionsCommand,
  ListEventBusesCommand,
  ListEventSourcesCommand,
  ListPartnerEventSourcesCommand,
  ListReplaysCommand,
  ListRuleNamesByTargetCommand,
  ListRulesCommand,
  ListTagsForResourceCommand,
  ListTargetsByRuleCommand,
  PutRuleCommand,
  PutTargetsCommand,
  StartReplayCommand,
  TagResourceCommand,
} from '@aws-sdk/client-eventbridge';
import { startHarness, type Harness } from './support/harness.js';
import { createTenant, type Tenant } from './support/fixtures.js';
import { type Item, LIST_CASES, type ListCase } from './support/list-cases.js';
import { listPage, walkList } from './support/list-walk.js';
import { createSdkTenant, type SdkTenant } from './support/eventbridge.js';
import { assertEveryOnceInOrder, sorted, walkPages } from './support/eventbridge-walk.js';

// Every list gives names in code-point order (`A B-2 _x a-1 a_2 b`), as EventBridge does, on a
// database whose default collation orders them otherwise. ICU's en-US with punctuation shifted
// (ignored unless all else ties) stands for glibc's en_US.UTF-8, the default of the postgres image
// that docker-compose.yml runs: `_x` sorts among the x's, `a-1` beside `a1`, case only breaks ties.
// (Plain en-US would keep lower-case domain names, the partners', in code-point order.)

const ICU_LOCALE = 'en-US-u-ka-shifted';
/** Names that a linguistic collation lists in another order than code points do. */
const NAMES = ['a-1', 'A', '_x', 'b', 'B-2', 'a_2'];
/** Partner names are lower-case domains: there `-` and `.` make the difference. */
const DOMAIN_LABELS = ['a-z', 'ab', 'a', 'a-1', 'a1', 'b'];

/** What a REST list is seeded with; a rule holds at most 5 targets. */
const seedOf = (c: ListCase): string[] =>
  c.name === 'partners (admin)' ? DOMAIN_LABELS : c.name === 'targets of a rule' ? NAMES.slice(0, 5) : NAMES;

/** The columns that lists order by and compare page keys with. */
const ORDERED_COLUMNS = [
  'partners.name',
  'partner_event_sources.name',
  'event_buses.name',
  'rules.name',
  'targets.target_id',
  'connections.name',
  'api_destinations.name',
  'archives.name',
  'replays.name',
  'resource_tags.key',
];

describe('Lists in code-point order on a database that collates otherwise', () => {
  let h: Harness;
  let t: Tenant;
  let s: SdkTenant;
  before(async () => {
    h = await startHarness({ worker: false, icuLocale: ICU_LOCALE });
    t = await createTenant(h);
    s = await createSdkTenant(h);
    for (const c of LIST_CASES) for (const name of seedOf(c)) await c.create(h, t, name);
  });
  after(async () => h?.close());

  test('the database\'s own order is not code-point order; the listed columns collate "C"', async () => {
    const db = new pg.Client({ connectionString: h.databaseUrl });
    await db.connect();
    try {
      const own = async (names: string[]) => {
        const sql = 'SELECT array_agg(n ORDER BY n) AS n FROM unnest($1::text[]) n';
        return (await db.query<{ n: string[] }>(sql, [names])).rows[0]?.n;
      };
      assert.notDeepEqual(await own(NAMES), sorted(NAMES), 'the database sorts the names linguistically');
      const domains = DOMAIN_LABELS.map((l) => `${l}.partners.example`);
      assert.notDeepEqual(await own(domains), sorted(domains), 'and the partner names');
      const { rows } = await db.query<{ col: string; collation_name: string | null }>(
        `SELECT table_name || '.' || column_name AS col, collation_name FROM information_schema.columns
          WHERE table_schema = 'public' AND table_name || '.' || column_name = ANY($1::text[])`,
        [ORDERED_COLUMNS],
      );
      assert.deepEqual(
        rows.map((r) => `${r.col} ${r.collation_name}`).sort(),
        ORDERED_COLUMNS.map((c) => `${c} C`).sort(),
      );
    } finally {
      await db.end();
    }
  });

  for (const c of LIST_CASES) {
    test(`REST ${c.name}: pages of 2 give every item once, in its order (names by code point)`, async () => {
      const ref = { path: c.path(t), auth: c.auth(h, t), what: c.name };
      const ids = (items: Item[]) => items.map((i) => c.id(i));
      const walked = await walkList(h, ref, { limit: 2 });
      assert.ok(walked.length >= seedOf(c).length, `${c.name}: ${walked.length} items`);
      assert.deepEqual(ids(walked), ids([...walked].sort(c.order)), `${c.name}: in code-point order`);
      assert.deepEqual(ids(walked), ids((await listPage(h, ref, { limit: 500 })).items), 'as one page');
    });
  }

  /** Walks an EventBridge list operation with Limit 2, its NextTokens followed. */
  const walk = (page: (token: string | undefined) => Promise<{ items?: string[]; next?: string }>) =>
    walkPages(2, page);

  test('EventBridge ListEventBuses, ListRules, ListTargetsByRule, ListRuleNamesByTarget, ListTagsForResource', async () => {
    const busArn = (name: string) => `arn:aws:events:${h.config.region}:${s.accountId}:event-bus/${name}`;
    for (const Name of NAMES) await s.account.send(new CreateEventBusCommand({ Name }));
    const buses = await walk(async (NextToken) => {
      const out = await s.account.send(new ListEventBusesCommand({ Limit: 2, NextToken }));
      return { items: out.EventBuses?.map((b) => b.Name ?? ''), next: out.NextToken };
    });
    assertEveryOnceInOrder(buses, [...NAMES, 'default'], 'ListEventBuses');

    // On the bus `A`, every rule has a target that sends to the bus `b`.
    for (const Name of NAMES) {
      await s.account.send(new PutRuleCommand({ Name, EventBusName: 'A', EventPattern: '{"source":["x"]}' }));
      await s.account.send(
        new PutTargetsCommand({ Rule: Name, EventBusName: 'A', Targets: [{ Id: 'hop', Arn: busArn('b') }] }),
      );
    }
    const rules = await walk(async (NextToken) => {
      const out = await s.account.send(new ListRulesCommand({ EventBusName: 'A', Limit: 2, NextToken }));
      return { items: out.Rules?.map((r) => r.Name ?? ''), next: out.NextToken };
    });
    assertEveryOnceInOrder(rules, NAMES, 'ListRules');
    const byTarget = await walk(async (NextToken) => {
      const out = await s.account.send(
        new ListRuleNamesByTargetCommand({ EventBusName: 'A', TargetArn: busArn('b'), Limit: 2, NextToken }),
      );
      return { items: out.RuleNames, next: out.NextToken };
    });
    assertEveryOnceInOrder(byTarget, NAMES, 'ListRuleNamesByTarget');

    const ids = NAMES.slice(0, 4);
    await s.account.send(
      new PutTargetsCommand({
        Rule: 'A',
        EventBusName: 'A',
        Targets: ids.map((Id) => ({ Id, Arn: busArn('default') })),
      }),
    );
    const targets = await walk(async (NextToken) => {
      const out = await s.account.send(
        new ListTargetsByRuleCommand({ Rule: 'A', EventBusName: 'A', Limit: 2, NextToken }),
      );
      return { items: out.Targets?.map((x) => x.Id ?? ''), next: out.NextToken };
    });
    assertEveryOnceInOrder(targets, [...ids, 'hop'], 'ListTargetsByRule');

    await s.account.send(
      new TagResourceCommand({ ResourceARN: busArn('A'), Tags: NAMES.map((Key) => ({ Key, Value: 'v' })) }),
    );
    const tags = await s.account.send(new ListTagsForResourceCommand({ ResourceARN: busArn('A') }));
    assert.deepEqual(
      tags.Tags?.map((x) => x.Key),
      sorted(NAMES),
      'ListTagsForResource',
    );
  });

  test('EventBridge ListConnections, ListApiDestinations, ListArchives, ListReplays', async () => {
    const connectionArns: string[] = [];
    for (const Name of NAMES) {
      const out = await s.account.send(
        new CreateConnectionCommand({
          Name,
          AuthorizationType: 'API_KEY',
          AuthParameters: { ApiKeyAuthParameters: { ApiKeyName: 'x-api-key', ApiKeyValue: 'k' } },
        }),
      );
      connectionArns.push(out.ConnectionArn ?? '');
    }
    const connections = await walk(async (NextToken) => {
      const out = await s.account.send(new ListConnectionsCommand({ Limit: 2, NextToken }));
      return { items: out.Connections?.map((x) => x.Name ?? ''), next: out.NextToken };
    });
    assertEveryOnceInOrder(connections, NAMES, 'ListConnections');

    for (const Name of NAMES)
      await s.account.send(
        new CreateApiDestinationCommand({
          Name,
          ConnectionArn: connectionArns[0],
          InvocationEndpoint: 'https://example.com/hook',
          HttpMethod: 'POST',
        }),
      );
    const destinations = await walk(async (NextToken) => {
      const out = await s.account.send(new ListApiDestinationsCommand({ Limit: 2, NextToken }));
      return { items: out.ApiDestinations?.map((x) => x.Name ?? ''), next: out.NextToken };
    });
    assertEveryOnceInOrder(destinations, NAMES, 'ListApiDestinations');

    const defaultBus = `arn:aws:events:${h.config.region}:${s.accountId}:event-bus/default`;
    const archiveArns: string[] = [];
    for (const ArchiveName of NAMES) {
      const out = await s.account.send(new CreateArchiveCommand({ ArchiveName, EventSourceArn: defaultBus }));
      archiveArns.push(out.ArchiveArn ?? '');
    }
    const archives = await walk(async (NextToken) => {
      const out = await s.account.send(new ListArchivesCommand({ Limit: 2, NextToken }));
      return { items: out.Archives?.map((x) => x.ArchiveName ?? ''), next: out.NextToken };
    });
    assertEveryOnceInOrder(archives, NAMES, 'ListArchives');

    const end = new Date();
    for (const ReplayName of NAMES)
      await s.account.send(
        new StartReplayCommand({
          ReplayName,
          EventSourceArn: archiveArns[0],
          EventStartTime: new Date(end.getTime() - 3_600_000),
          EventEndTime: end,
          Destination: { Arn: defaultBus },
        }),
      );
    const replays = await walk(async (NextToken) => {
      const out = await s.account.send(new ListReplaysCommand({ Limit: 2, NextToken }));
      return { items: out.Replays?.map((x) => x.ReplayName ?? ''), next: out.NextToken };
    });
    assertEveryOnceInOrder(replays, NAMES, 'ListReplays');
  });

  test('EventBridge ListPartnerEventSources and ListEventSources', async () => {
    const prefix = `aws.partner/${s.partner}/`;
    const sources = NAMES.map((n) => `${prefix}${n}`);
    for (const Name of sources)
      await s.partnerClient.send(new CreatePartnerEventSourceCommand({ Name, Account: s.accountId }));
    const partnerView = await walk(async (NextToken) => {
      const out = await s.partnerClient.send(
        new ListPartnerEventSourcesCommand({ NamePrefix: prefix, Limit: 2, NextToken }),
      );
      return { items: out.PartnerEventSources?.map((x) => x.Name ?? ''), next: out.NextToken };
    });
    assertEveryOnceInOrder(partnerView, sources, 'ListPartnerEventSources');
    const accountView = await walk(async (NextToken) => {
      const out = await s.account.send(new ListEventSourcesCommand({ Limit: 2, NextToken }));
      return { items: out.EventSources?.map((x) => x.Name ?? ''), next: out.NextToken };
    });
    assertEveryOnceInOrder(accountView, sources, 'ListEventSources');
  });
});
