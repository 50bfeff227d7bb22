import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import {
  CreateApiDestinationCommand,
  CreateArchiveCommand,
  CreateConnectionCommand,
  type ConnectionState,
  CreateEventBusCommand,
  ListApiDestinationsCommand,
  ListArchivesCommand,
  ListConnectionsCommand,
  ListReplaysCommand,
  type ListReplaysCommandInput,
} from '@aws-sdk/client-eventbridge';
import { startHarness, type Harness } from './support/harness.js';
import { createSdkTenant, type SdkTenant } from './support/eventbridge.js';
import { assertEveryOnceInOrder, walkPages } from './support/eventbridge-walk.js';

// Connections, API destinations, archives and replays through the EventBridge API, walked page by
// page with their filters; ListReplays lists every replay (it used to keep the 500 newest only).

describe('EventBridge API: connections, API destinations, archives and replays page by page', () => {
  let h: Harness;
  let t: SdkTenant;
  before(async () => {
    h = await startHarness({ worker: false });
    t = await createSdkTenant(h);
  });
  after(async () => h?.close());

  const connection = async (Name: string) =>
    (
      await t.account.send(
        new CreateConnectionCommand({
          Name,
          AuthorizationType: 'API_KEY',
          AuthParameters: { ApiKeyAuthParameters: { ApiKeyName: 'x-api-key', ApiKeyValue: 'k' } },
        }),
      )
    ).ConnectionArn ?? '';

  test('ListConnections and ListApiDestinations, with and without their filters', async () => {
    const connections = ['c-b2', 'c-a1', 'c-b1', 'c-a3', 'c-a2', 'c-b3'];
    const arns = new Map<string, string>();
    for (const name of connections) arns.set(name, await connection(name));
    const walkConnections = (limit: number, NamePrefix?: string, ConnectionState?: ConnectionState) =>
      walkPages(limit, async (NextToken) => {
        const out = await t.account.send(
          new ListConnectionsCommand({ NamePrefix, ConnectionState, Limit: limit, NextToken }),
        );
        return { items: out.Connections?.map((c) => c.Name ?? ''), next: out.NextToken };
      });
    assertEveryOnceInOrder(await walkConnections(2), connections, 'connections');
    assertEveryOnceInOrder(
      await walkConnections(1, 'c-b'),
      connections.filter((n) => n.startsWith('c-b')),
      'by prefix',
    );
    assertEveryOnceInOrder(await walkConnections(4, undefined, 'AUTHORIZED'), connections, 'by state');
    assert.deepEqual(await walkConnections(2, undefined, 'DEAUTHORIZED'), [], 'no deauthorized one');

    const destinations = ['d-4', 'd-1', 'd-6', 'd-3', 'd-2', 'd-5'];
    const connectionOf = (d: string) => (Number(d.slice(2)) % 2 ? 'c-a1' : 'c-b1');
    for (const Name of destinations)
      await t.account.send(
        new CreateApiDestinationCommand({
          Name,
          ConnectionArn: arns.get(connectionOf(Name)),
          InvocationEndpoint: `https://example.com/${Name}`,
          HttpMethod: 'POST',
        }),
      );
    const walkDestinations = (limit: number, ConnectionArn?: string) =>
      walkPages(limit, async (NextToken) => {
        const out = await t.account.send(
          new ListApiDestinationsCommand({ ConnectionArn, Limit: limit, NextToken }),
        );
        return { items: out.ApiDestinations?.map((d) => d.Name ?? ''), next: out.NextToken };
      });
    assertEveryOnceInOrder(await walkDestinations(4), destinations, 'destinations');
    assertEveryOnceInOrder(
      await walkDestinations(1, arns.get('c-a1')),
      destinations.filter((d) => connectionOf(d) === 'c-a1'),
      'by connection',
    );
  });

  test('ListArchives, with and without its filters', async () => {
    const busArns = new Map<string, string>();
    for (const bus of ['arc-bus-1', 'arc-bus-2'])
      busArns.set(bus, (await t.account.send(new CreateEventBusCommand({ Name: bus }))).EventBusArn ?? '');
    const archives = ['arc-5', 'arc-2', 'arc-4', 'arc-1', 'arc-6', 'arc-3', 'old-1'];
    const busOf = (a: string) => (Number(a.slice(-1)) % 2 ? 'arc-bus-1' : 'arc-bus-2');
    for (const ArchiveName of archives)
      await t.account.send(
        new CreateArchiveCommand({ ArchiveName, EventSourceArn: busArns.get(busOf(ArchiveName)) }),
      );
    const walkArchives = (
      limit: number,
      filters: { NamePrefix?: string; EventSourceArn?: string; State?: 'ENABLED' | 'DISABLED' },
    ) =>
      walkPages(limit, async (NextToken) => {
        const out = await t.account.send(new ListArchivesCommand({ ...filters, Limit: limit, NextToken }));
        return { items: out.Archives?.map((a) => a.ArchiveName ?? ''), next: out.NextToken };
      });
    assertEveryOnceInOrder(await walkArchives(2, {}), archives, 'archives');
    assertEveryOnceInOrder(
      await walkArchives(1, { NamePrefix: 'arc-', EventSourceArn: busArns.get('arc-bus-1') }),
      archives.filter((a) => a.startsWith('arc-') && busOf(a) === 'arc-bus-1'),
      'by prefix and bus',
    );
    assertEveryOnceInOrder(await walkArchives(3, { State: 'ENABLED' }), archives, 'by state');
    assert.deepEqual(await walkArchives(3, { State: 'DISABLED' }), []);
    const elsewhere = (busArns.get('arc-bus-1') ?? '').replace(/:\d{12}:/, ':999988887777:');
    assert.deepEqual(await walkArchives(3, { EventSourceArn: elsewhere }), [], "another account's bus");
  });

  test('ListReplays lists every replay, past 500, page by page, with its filters', async () => {
    const busArn = (await t.account.send(new CreateEventBusCommand({ Name: 'replayed' }))).EventBusArn;
    const archiveArn =
      (await t.account.send(new CreateArchiveCommand({ ArchiveName: 'replays-of', EventSourceArn: busArn })))
        .ArchiveArn ?? '';
    // 520 replays, written as the replay service writes them (starting each would take the worker and
    // the limit of 10 active replays); every 7th CANCELLED, the rest COMPLETED.
    const db = new pg.Client({ connectionString: h.databaseUrl });
    await db.connect();
    try {
      await db.query(
        `INSERT INTO replays (id, account_id, name, archive_id, archive_name, event_start_time, event_end_time,
                              destination_bus, state, created_at)
         SELECT gen_random_uuid(), a.account_id, 'rp-' || lpad(g::text, 4, '0'), a.id, a.name,
                now() - interval '1 day', now(), 'replayed',
                CASE WHEN g % 7 = 0 THEN 'CANCELLED' ELSE 'COMPLETED' END, now() - g * interval '1 minute'
           FROM archives a, generate_series(0, 519) g
          WHERE a.account_id = $1 AND a.name = 'replays-of'`,
        [t.accountId],
      );
    } finally {
      await db.end();
    }
    const all = Array.from({ length: 520 }, (_, g) => `rp-${String(g).padStart(4, '0')}`);
    const walkReplays = (limit: number, filters: Omit<ListReplaysCommandInput, 'Limit' | 'NextToken'> = {}) =>
      walkPages(limit, async (NextToken) => {
        const out = await t.account.send(new ListReplaysCommand({ ...filters, Limit: limit, NextToken }));
        return { items: out.Replays?.map((r) => r.ReplayName ?? ''), next: out.NextToken };
      });
    assertEveryOnceInOrder(await walkReplays(100), all, 'every replay');
    assertEveryOnceInOrder(await walkReplays(100, { EventSourceArn: archiveArn }), all, 'of the archive');
    assertEveryOnceInOrder(
      await walkReplays(25, { State: 'CANCELLED' }),
      all.filter((_, g) => g % 7 === 0),
      'cancelled',
    );
    assertEveryOnceInOrder(
      await walkReplays(7, { NamePrefix: 'rp-00' }),
      all.filter((n) => n.startsWith('rp-00')),
      'by prefix',
    );
    assert.deepEqual(
      await walkReplays(10, { EventSourceArn: archiveArn.replace(/replays-of$/, 'none') }),
      [],
    );
  });
});
