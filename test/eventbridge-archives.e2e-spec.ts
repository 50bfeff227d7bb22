import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CancelReplayCommand,
  CreateApiDestinationCommand,
  CreateArchiveCommand,
  CreateConnectionCommand,
  CreateEventBusCommand,
  DeleteArchiveCommand,
  DescribeArchiveCommand,
  DescribeReplayCommand,
  ListArchivesCommand,
  ListReplaysCommand,
  PutRuleCommand,
  PutTargetsCommand,
  StartReplayCommand,
  UpdateArchiveCommand,
} from '@aws-sdk/client-eventbridge';
import { HttpSink, waitFor } from '#libs/testing';
import { startHarness, type Harness } from './support/harness.js';
import { awsError, createSdkTenant, putAndWait, type SdkTenant } from './support/eventbridge.js';

describe('EventBridge API: archives and replays', () => {
  let h: Harness;
  let a: SdkTenant;
  let b: SdkTenant;
  let sink: HttpSink;
  let busArn: string;
  let ruleArn: string;
  let archiveArn: string;
  let windowStart: Date;
  const bus = 'orders';
  before(async () => {
    // Slices of one event, 300 ms apart, so a replay of three events can be caught running.
    h = await startHarness({
      env: { HOOKBRIDGE_REPLAY_SLICE_SIZE: '1', HOOKBRIDGE_REPLAY_SLICE_DELAY_MS: '300' },
    });
    a = await createSdkTenant(h);
    b = await createSdkTenant(h);
    sink = await new HttpSink().start();
    busArn = (await a.account.send(new CreateEventBusCommand({ Name: bus }))).EventBusArn ?? '';
    const conn = await a.account.send(
      new CreateConnectionCommand({
        Name: 'hooks',
        AuthorizationType: 'API_KEY',
        AuthParameters: { ApiKeyAuthParameters: { ApiKeyName: 'x-api-key', ApiKeyValue: 'k' } },
      }),
    );
    const dest = await a.account.send(
      new CreateApiDestinationCommand({
        Name: 'hooks',
        ConnectionArn: conn.ConnectionArn,
        InvocationEndpoint: `${sink.url}/orders`,
        HttpMethod: 'POST',
      }),
    );
    ruleArn =
      (
        await a.account.send(
          new PutRuleCommand({ Name: 'all', EventBusName: bus, EventPattern: '{"source":["shop"]}' }),
        )
      ).RuleArn ?? '';
    await a.account.send(
      new PutTargetsCommand({
        Rule: 'all',
        EventBusName: bus,
        Targets: [{ Id: 'h', Arn: dest.ApiDestinationArn }],
      }),
    );
  });
  after(async () => {
    await h.close();
    await sink.stop();
  });

  const replayed = (name: string) =>
    sink.requests.filter((r) => r.url === '/orders' && JSON.parse(r.body)['replay-name'] === name);
  const replayIn = (name: string, state: string) =>
    waitFor(`replay ${name} ${state}`, async () => {
      const r = await a.account.send(new DescribeReplayCommand({ ReplayName: name }));
      return r.State === state ? r : undefined;
    });

  test('CreateArchive, DescribeArchive, UpdateArchive and ListArchives', async () => {
    const created = await a.account.send(
      new CreateArchiveCommand({
        ArchiveName: 'arc',
        EventSourceArn: busArn,
        Description: 'all orders',
        EventPattern: '{"source":["shop"]}',
        RetentionDays: 7,
      }),
    );
    archiveArn = created.ArchiveArn ?? '';
    assert.equal(archiveArn, busArn.replace(/event-bus\/.*$/, 'archive/arc'));
    assert.equal(created.State, 'ENABLED');
    assert.ok(created.CreationTime instanceof Date);
    assert.ok(Math.abs(created.CreationTime.getTime() - Date.now()) < 60_000);

    const dup = await awsError(
      a.account.send(new CreateArchiveCommand({ ArchiveName: 'arc', EventSourceArn: busArn })),
    );
    assert.equal(dup.name, 'ResourceAlreadyExistsException');
    const badPattern = await awsError(
      a.account.send(
        new CreateArchiveCommand({ ArchiveName: 'x', EventSourceArn: busArn, EventPattern: '[1]' }),
      ),
    );
    assert.equal(badPattern.name, 'InvalidEventPatternException');
    const noBus = await awsError(
      a.account.send(
        new CreateArchiveCommand({ ArchiveName: 'x', EventSourceArn: busArn.replace(/orders$/, 'nope') }),
      ),
    );
    assert.equal(noBus.name, 'ResourceNotFoundException');
    const badName = await awsError(
      a.account.send(new CreateArchiveCommand({ ArchiveName: 'bad name', EventSourceArn: busArn })),
    );
    assert.equal(badName.name, 'ValidationException');

    // Events put after the archive exists are archived.
    windowStart = new Date(Date.now() - 60_000);
    for (const n of [1, 2, 3]) await putAndWait(h, a, bus, { n }, 'succeeded');
    const d = await waitFor('three archived events', async () => {
      const r = await a.account.send(new DescribeArchiveCommand({ ArchiveName: 'arc' }));
      return r.EventCount === 3 ? r : undefined;
    });
    assert.equal(d.ArchiveArn, archiveArn);
    assert.equal(d.ArchiveName, 'arc');
    assert.equal(d.EventSourceArn, busArn);
    assert.equal(d.Description, 'all orders');
    assert.equal(d.EventPattern, '{"source":["shop"]}');
    assert.equal(d.State, 'ENABLED');
    assert.equal(d.RetentionDays, 7);
    assert.ok((d.SizeBytes ?? 0) > 0);
    assert.deepEqual(d.CreationTime, created.CreationTime);

    const u = await a.account.send(
      new UpdateArchiveCommand({ ArchiveName: 'arc', Description: 'shop orders', RetentionDays: 30 }),
    );
    assert.equal(u.ArchiveArn, archiveArn);
    assert.equal(u.State, 'ENABLED');
    const updated = await a.account.send(new DescribeArchiveCommand({ ArchiveName: 'arc' }));
    assert.equal(updated.Description, 'shop orders');
    assert.equal(updated.RetentionDays, 30);
    assert.equal(updated.EventPattern, '{"source":["shop"]}', 'an omitted member keeps its value');
    const badUpdate = await awsError(
      a.account.send(new UpdateArchiveCommand({ ArchiveName: 'arc', EventPattern: '{"source":"shop"}' })),
    );
    assert.equal(badUpdate.name, 'InvalidEventPatternException');
    const missing = await awsError(a.account.send(new UpdateArchiveCommand({ ArchiveName: 'nope' })));
    assert.equal(missing.name, 'ResourceNotFoundException');

    await a.account.send(new CreateArchiveCommand({ ArchiveName: 'arc2', EventSourceArn: busArn }));
    const first = await a.account.send(new ListArchivesCommand({ NamePrefix: 'arc', Limit: 1 }));
    assert.deepEqual(
      first.Archives?.map((x) => x.ArchiveName),
      ['arc'],
    );
    assert.equal(first.Archives?.[0]?.EventCount, 3);
    assert.equal(first.Archives?.[0]?.EventSourceArn, busArn);
    assert.ok(first.NextToken);
    const second = await a.account.send(
      new ListArchivesCommand({ NamePrefix: 'arc', Limit: 1, NextToken: first.NextToken }),
    );
    assert.deepEqual([second.Archives?.map((x) => x.ArchiveName), second.NextToken], [['arc2'], undefined]);
    const bySource = await a.account.send(
      new ListArchivesCommand({ EventSourceArn: busArn, State: 'ENABLED' }),
    );
    assert.equal(bySource.Archives?.length, 2);
    const otherSource = await a.account.send(
      new ListArchivesCommand({ EventSourceArn: busArn.replace(/orders$/, 'default') }),
    );
    assert.deepEqual(otherSource.Archives, []);
    await a.account.send(new DeleteArchiveCommand({ ArchiveName: 'arc2' }));
  });

  test('a replay completes and delivers to the API destination target', async () => {
    const end = new Date(Date.now() + 1_000);
    const started = await a.account.send(
      new StartReplayCommand({
        ReplayName: 'rp',
        Description: 'again',
        EventSourceArn: archiveArn,
        EventStartTime: windowStart,
        EventEndTime: end,
        Destination: { Arn: busArn, FilterArns: [ruleArn] },
      }),
    );
    assert.equal(started.ReplayArn, busArn.replace(/event-bus\/.*$/, 'replay/rp'));
    assert.equal(started.State, 'STARTING');
    assert.ok(started.ReplayStartTime instanceof Date);

    const done = await replayIn('rp', 'COMPLETED');
    assert.equal(done.ReplayName, 'rp');
    assert.equal(done.Description, 'again');
    assert.equal(done.ReplayArn, started.ReplayArn);
    assert.equal(done.EventSourceArn, archiveArn);
    assert.deepEqual(done.Destination, { Arn: busArn, FilterArns: [ruleArn] });
    assert.equal(done.EventStartTime?.getTime(), windowStart.getTime());
    assert.ok(done.EventEndTime instanceof Date);
    assert.ok(done.EventLastReplayedTime instanceof Date);
    assert.ok(done.ReplayStartTime instanceof Date);
    assert.ok(done.ReplayEndTime instanceof Date);
    await waitFor('three replayed deliveries', () => replayed('rp').length >= 3);
    assert.deepEqual(new Set(replayed('rp').map((r) => JSON.parse(r.body).detail.n)), new Set([1, 2, 3]));

    const listed = await a.account.send(
      new ListReplaysCommand({ NamePrefix: 'rp', State: 'COMPLETED', EventSourceArn: archiveArn }),
    );
    assert.deepEqual(
      listed.Replays?.map((r) => [r.ReplayName, r.State, r.EventSourceArn]),
      [['rp', 'COMPLETED', archiveArn]],
    );
    const none = await a.account.send(new ListReplaysCommand({ State: 'FAILED' }));
    assert.deepEqual(none.Replays, []);

    const finished = await awsError(a.account.send(new CancelReplayCommand({ ReplayName: 'rp' })));
    assert.equal(finished.name, 'IllegalStatusException');
    const again = await awsError(
      a.account.send(
        new StartReplayCommand({
          ReplayName: 'rp',
          EventSourceArn: archiveArn,
          EventStartTime: windowStart,
          EventEndTime: end,
          Destination: { Arn: busArn },
        }),
      ),
    );
    assert.equal(again.name, 'ResourceAlreadyExistsException');
    const backwards = await awsError(
      a.account.send(
        new StartReplayCommand({
          ReplayName: 'rp-back',
          EventSourceArn: archiveArn,
          EventStartTime: end,
          EventEndTime: windowStart,
          Destination: { Arn: busArn },
        }),
      ),
    );
    assert.equal(backwards.name, 'ValidationException');
  });

  test('CancelReplay stops a running replay; DeleteArchive then removes the archive', async () => {
    const started = await a.account.send(
      new StartReplayCommand({
        ReplayName: 'rp-cancel',
        EventSourceArn: archiveArn,
        EventStartTime: windowStart,
        EventEndTime: new Date(Date.now() + 1_000),
        Destination: { Arn: busArn },
      }),
    );
    const busy = await awsError(a.account.send(new DeleteArchiveCommand({ ArchiveName: 'arc' })));
    assert.notEqual(busy.name, 'ResourceNotFoundException', 'an archive being replayed is not deleted');
    const cancelled = await a.account.send(new CancelReplayCommand({ ReplayName: 'rp-cancel' }));
    assert.deepEqual([cancelled.ReplayArn, cancelled.State], [started.ReplayArn, 'CANCELLING']);
    await replayIn('rp-cancel', 'CANCELLED');

    await a.account.send(new DeleteArchiveCommand({ ArchiveName: 'arc' }));
    const gone = await awsError(a.account.send(new DescribeArchiveCommand({ ArchiveName: 'arc' })));
    assert.equal(gone.name, 'ResourceNotFoundException');
    assert.deepEqual((await a.account.send(new ListArchivesCommand({}))).Archives, []);
  });

  test("another tenant cannot see or use an account's archives and replays", async () => {
    await a.account.send(new CreateArchiveCommand({ ArchiveName: 'private', EventSourceArn: busArn }));
    const privateArn = busArn.replace(/event-bus\/.*$/, 'archive/private');
    const described = await awsError(b.account.send(new DescribeArchiveCommand({ ArchiveName: 'private' })));
    assert.equal(described.name, 'ResourceNotFoundException');
    const bBus = busArn.replace(a.accountId, b.accountId).replace(/orders$/, 'default');
    const replay = await awsError(
      b.account.send(
        new StartReplayCommand({
          ReplayName: 'steal',
          EventSourceArn: privateArn,
          EventStartTime: new Date(Date.now() - 60_000),
          EventEndTime: new Date(),
          Destination: { Arn: bBus },
        }),
      ),
    );
    assert.equal(replay.name, 'ResourceNotFoundException');
    const onItsBus = await awsError(
      b.account.send(new CreateArchiveCommand({ ArchiveName: 'steal', EventSourceArn: busArn })),
    );
    assert.equal(onItsBus.name, 'ResourceNotFoundException');
    assert.deepEqual((await b.account.send(new ListArchivesCommand({}))).Archives, []);
    assert.deepEqual((await b.account.send(new ListReplaysCommand({}))).Replays, []);
    const described2 = await awsError(b.account.send(new DescribeReplayCommand({ ReplayName: 'rp' })));
    assert.equal(described2.name, 'ResourceNotFoundException');
    const partner = await awsError(a.partnerClient.send(new ListArchivesCommand({})));
    assert.equal(partner.name, 'AccessDeniedException');
  });
});
