import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { HttpSink, hmacSignature, waitFor } from '#libs/testing';
import { ProcessHarness, setupPipeline } from '../support/processes-harness.js';

describe('a replay survives a worker SIGKILL', () => {
  let h: ProcessHarness;
  let sink: HttpSink;
  before(async () => {
    sink = await new HttpSink().start();
    // One event per slice, 150 ms apart: 30 slices, so the kill lands mid-replay.
    h = await new ProcessHarness().start({
      HOOKBRIDGE_REPLAY_SLICE_SIZE: '1',
      HOOKBRIDGE_REPLAY_SLICE_DELAY_MS: '150',
      HOOKBRIDGE_SWEEP_INTERVAL_MS: '500',
      HOOKBRIDGE_SWEEP_GRACE_MS: '500',
    });
  });
  after(async () => {
    await h.close();
    await sink.stop();
  });

  const fail = (e: Error) => {
    throw new Error(`${e.message}\n${h.logs()}`);
  };
  const replayRow = async () =>
    (
      await h.query<{ state: string; events_replayed: number; events_total: number; slices_done: number }>(
        "SELECT state, events_replayed, events_total, slices_done FROM replays WHERE name = 'after-kill'",
      )
    )[0];

  test('the next worker resumes after the last committed slice: none skipped, none repeated', async () => {
    const p = await setupPipeline(h, `${sink.url}/hook`);
    assert.equal(
      (await h.call('POST', '/v1/archives', p.accountToken, { name: 'arc', eventSourceBus: p.name })).status,
      201,
    );
    const worker = h.spawn('worker');
    const from = new Date(Date.now() - 60_000).toISOString();
    for (let i = 0; i < 30; i++) {
      const body = JSON.stringify({ i });
      const res = await fetch(p.ingestUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-signature': hmacSignature(p.secret, body) },
        body,
      });
      assert.equal(res.status, 202);
    }
    await waitFor(
      '30 archived events',
      async () => {
        const a = await h.call('GET', '/v1/archives/arc', p.accountToken);
        return a.body.eventCount === 30;
      },
      30_000,
    ).catch(fail);
    const to = new Date(Date.now() + 60_000).toISOString();
    const started = await h.call('POST', '/v1/replays', p.accountToken, {
      name: 'after-kill',
      archive: 'arc',
      eventStartTime: from,
      eventEndTime: to,
      destination: { bus: p.name, filterRules: ['all'] },
    });
    assert.equal(started.status, 201, JSON.stringify(started.body));
    await waitFor('a few slices', async () => ((await replayRow())?.events_replayed ?? 0) >= 5, 20_000).catch(
      fail,
    );
    await worker.stop('SIGKILL');
    const atKill = await replayRow();
    assert.ok(atKill && atKill.events_replayed < 30, 'killed mid-replay');
    h.spawn('worker');
    await waitFor(
      'the replay to complete',
      async () => (await replayRow())?.state === 'COMPLETED',
      60_000,
    ).catch(fail);
    const done = await replayRow();
    assert.deepEqual(
      { total: done?.events_total, replayed: done?.events_replayed, slices: done?.slices_done },
      { total: 30, replayed: 30, slices: 30 },
      'each slice counted once',
    );
    const [d] = await h.query<{ n: number; events: number }>(
      "SELECT count(*)::int AS n, count(DISTINCT event_id)::int AS events FROM deliveries WHERE replay_name = 'after-kill'",
    );
    assert.deepEqual(d, { n: 30, events: 30 });
    // A deliver job that was running under the killed worker comes back after BullMQ's stalled-job
    // check (lock 30 s), as for live traffic; hence the long deadline.
    await waitFor(
      'every replayed event at the target',
      () => {
        const seen = new Set(
          sink.requests
            .map((r) => JSON.parse(r.body) as { id: string; 'replay-name'?: string })
            .filter((e) => e['replay-name'] === 'after-kill')
            .map((e) => e.id),
        );
        return seen.size === 30;
      },
      90_000,
    ).catch(fail);
    const desc = await h.call('GET', '/v1/replays/after-kill', p.accountToken);
    assert.equal((desc.body.progress as { percent: number }).percent, 100);
  });
});
