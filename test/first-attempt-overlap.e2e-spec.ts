import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { registry } from '#libs/observability';
import { HttpSink, type SinkAnswer, waitFor } from '#libs/testing';
import { InvalidationService } from '#libs/queue';
import { newEventId, uuidv7Time } from '#libs/security';
import { DeliverService } from '../apps/worker/src/deliver/deliver.service.js';
import { FirstAttempts } from '../apps/worker/src/deliver/first-attempts.js';
import { TargetCallTimes } from '../apps/worker/src/deliver/target-call-times.js';
import { BusRulesCache } from '../apps/worker/src/route/bus-rules.cache.js';
import { EarlyOutcomes } from '../apps/worker/src/route/early-outcomes.js';
import { RoutedDeliveries } from '../apps/worker/src/route/routed-deliveries.js';
import type { Plan } from '../apps/worker/src/route/route-store.js';
import { query as dbQuery } from './support/archive-fixtures.js';
import { createPipeline, createTenant, sendSigned, type Tenant } from './support/fixtures.js';
import { type Harness, startHarness } from './support/harness.js';

/**
 * A fresh webhook's first attempt overlaps its routing statement: the call starts before the
 * statement is sent; a success answered in time is recorded by the statement, a later attempt once
 * the statement has created the delivery. One received before a source change that the worker heard
 * of waits for the statement instead.
 */
describe('first attempts overlap the routing statement', () => {
  let h: Harness;
  let t: Tenant;
  let sink: HttpSink;
  before(async () => {
    sink = await new HttpSink().start();
    // Long enough that the first test's call is always answered before the statement goes.
    h = await startHarness({ env: { HOOKBRIDGE_ROUTE_RECORD_WAIT_MS: '1000' } });
    t = await createTenant(h);
  });
  after(async () => {
    await h.close();
    await sink.stop();
  });

  /** Holds a lock that routing's INSERT INTO deliveries waits for (reads of the table go on). */
  async function lockDeliveries(): Promise<pg.Client> {
    const blocker = new pg.Client({ connectionString: h.config.databaseUrl });
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE deliveries IN SHARE ROW EXCLUSIVE MODE');
    return blocker;
  }
  async function unlock(blocker: pg.Client): Promise<void> {
    await blocker.query('ROLLBACK').catch(() => undefined);
    await blocker.end();
  }
  /** Waits until routing's statement has been sent and waits for the lock. */
  const statementSent = () =>
    waitFor('the routing statement sent, waiting for the lock', async () => {
      const rows = await dbQuery(
        h,
        `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'
            AND query LIKE '%INSERT INTO deliveries%'`,
      );
      return rows.length > 0;
    });
  /** The event's one delivery, its attempts, and whether its first attempt was written as it was routed. */
  async function recorded(eventId: string) {
    const [d] = await dbQuery<{
      id: string;
      attempts: number;
      n: number;
      together: boolean;
      lease: Date | null;
      inOrder: boolean;
    }>(
      h,
      `SELECT d.id, d.attempts, d.lease_until AS lease,
              (SELECT count(*)::int FROM attempts a WHERE a.delivery_id = d.id) AS n,
              (SELECT a.xmin::text = e.xmin::text FROM attempts a WHERE a.delivery_id = d.id) AS together,
              (SELECT e.received_at <= d.created_at AND d.created_at <= a.started_at AND e.routed_at <= a.started_at
                 FROM attempts a WHERE a.delivery_id = d.id AND a.attempt_no = 1) AS "inOrder"
         FROM deliveries d JOIN events e ON e.id = d.event_id WHERE d.event_id = $1`,
      [eventId],
    );
    return d;
  }
  const succeeded = (eventId: string) =>
    waitFor('the attempt recorded', async () => {
      const [d] = await dbQuery<{ state: string }>(h, 'SELECT state FROM deliveries WHERE event_id = $1', [
        eventId,
      ]);
      return d?.state === 'succeeded';
    });
  const recordedByRouting = async () =>
    (await registry.getSingleMetric('hookbridge_first_attempts_recorded_by_routing_total')?.get())?.values[0]
      ?.value ?? 0;

  test('the call is made before the statement is sent, and its success is recorded by the statement', async () => {
    const s = await createPipeline(h, t, [{ id: 'early', type: 'http', http: { url: `${sink.url}/early` } }]);
    const before = await recordedByRouting();
    const blocker = await lockDeliveries();
    try {
      const eventId = (await sendSigned(h, s, { n: 1 }).expect(202)).body.eventId as string;
      await waitFor(
        'the call while routing waits',
        () => sink.requests.some((r) => r.url === '/early'),
        15_000,
      );
      await statementSent();
      const rows = await dbQuery(h, 'SELECT id FROM deliveries WHERE event_id = $1', [eventId]);
      assert.equal(rows.length, 0, 'the delivery is not committed yet');
      await blocker.query('COMMIT');

      await succeeded(eventId);
      const d = await recorded(eventId);
      assert.equal(d?.attempts, 1);
      assert.equal(d?.n, 1);
      assert.equal(d?.lease, null);
      assert.equal(d?.together, true, 'the attempt was written by the routing statement');
      // The call began before the statement ran; the trace still reads received, routed and created, then attempted.
      assert.equal(
        d?.inOrder,
        true,
        'received_at <= created_at <= attempt started_at, and routed_at <= started_at',
      );
      await waitFor('the metric', async () => (await recordedByRouting()) === before + 1);
      const calls = sink.requests.filter((r) => r.url === '/early');
      assert.equal(calls.length, 1);
      assert.equal(calls[0]?.headers['idempotency-key'], d?.id, 'the call carried the committed delivery id');
    } finally {
      await unlock(blocker);
    }
  });

  test('a call answered after the statement was sent records itself once the statement commits', async () => {
    const s = await createPipeline(h, t, [{ id: 'slow', type: 'http', http: { url: `${sink.url}/slow` } }]);
    const before = await recordedByRouting();
    let answer = () => {};
    const answered = new Promise<SinkAnswer>((resolve) => (answer = () => resolve({ status: 200 })));
    const previous = sink.respond;
    sink.respond = (req, i) => (req.url === '/slow' ? answered : previous(req, i));
    const blocker = await lockDeliveries();
    try {
      const eventId = (await sendSigned(h, s, { n: 2 }).expect(202)).body.eventId as string;
      await waitFor('the call', () => sink.requests.some((r) => r.url === '/slow'), 15_000);
      // The statement stopped waiting for the call and went without it.
      await statementSent();
      answer();
      await blocker.query('COMMIT');

      await succeeded(eventId);
      const d = await recorded(eventId);
      assert.equal(d?.attempts, 1);
      assert.equal(d?.n, 1);
      assert.equal(d?.together, false, 'the attempt was recorded after the routing statement');
      // The call began before the statement ran; the trace still reads received, routed and created, then attempted.
      assert.equal(
        d?.inOrder,
        true,
        'received_at <= created_at <= attempt started_at, and routed_at <= started_at',
      );
      assert.equal(await recordedByRouting(), before);
      assert.equal(sink.requests.filter((r) => r.url === '/slow').length, 1);
    } finally {
      answer();
      sink.respond = previous;
      await unlock(blocker);
    }
  });

  /** A pipeline to `path` at the sink, and plans of its one delivery as routing would make them. */
  async function syntheticPlans(path: string) {
    const s = await createPipeline(h, t, [
      { id: path, type: 'http', http: { url: `${sink.url}/${path}`, timeoutMs: 60_000 } },
    ]);
    const worker = h.worker;
    assert.ok(worker);
    const bus = await worker.get(BusRulesCache).get(t.accountId, s.name);
    const target = [...(bus?.rules.values() ?? [])].flatMap((r) => r.targets)[0];
    assert.ok(bus && target);
    const plan = (receivedAt: Date): Plan => ({
      eventId: newEventId(),
      receivedAt,
      accountId: t.accountId,
      busId: bus.busId,
      busName: bus.busName,
      envelope: JSON.stringify({ id: 'synthetic', detail: {} }),
      detailType: null,
      eventTime: null,
      matchedRules: 1,
      rows: [
        {
          id: newEventId(),
          ruleId: 'r',
          ruleName: 'all',
          target,
          orderingKey: null,
          state: 'pending',
          lastError: null,
        },
      ],
      leases: [new Date(Date.now() + 60_000)],
      archiveIds: [],
      retryWindowStart: null,
    });
    return { worker, bus, target, plan };
  }

  test('the statement does not wait for a call to a target that has been slow lately', async () => {
    const { worker, target, plan } = await syntheticPlans('lagging');
    let answer = () => {};
    const answered = new Promise<SinkAnswer>((resolve) => (answer = () => resolve({ status: 200 })));
    const previous = sink.respond;
    sink.respond = (req, i) => (req.url === '/lagging' ? answered : previous(req, i));
    let outcomes: EarlyOutcomes | undefined;
    try {
      worker.get(TargetCallTimes).observe(target.id, 5_000);
      const attempts = worker.get(FirstAttempts);
      assert.equal(attempts.reserve(1), 1);
      const fresh = plan(new Date());
      outcomes = new EarlyOutcomes();
      const started = worker.get(RoutedDeliveries).startEarly([fresh], new Set([fresh.eventId]), outcomes);
      assert.equal(started.size, 1);
      await waitFor('the call', () => sink.requests.some((r) => r.url === '/lagging'), 15_000);
      // Unanswered (for up to the target's 60 s timeout), and the statement goes all the same.
      let sent = false;
      void outcomes.close(3_600_000).then(() => (sent = true));
      await waitFor('the statement to go without the call', () => sent);
      outcomes.settle(Promise.resolve(new Set()));
      answer();
      await waitFor('the attempt to finish', () => attempts.busy === 0);
    } finally {
      // (Again, if the test failed before: an attempt left waiting for it would hold up shutdown.)
      outcomes?.settle(Promise.resolve(new Set()));
      answer();
      sink.respond = previous;
    }
  });

  test('a webhook received before a source change the worker heard of waits; an attempt routing did not create is not recorded', async () => {
    const { worker, bus, target, plan } = await syntheticPlans('late');
    const before = plan(uuidv7Time(newEventId()));
    // A source change, as a deactivation publishes it.
    const invalidation = worker.get(InvalidationService);
    await invalidation.publish('source', 'some-ingest-id');
    await waitFor('the clock past the change', () => Date.now() > invalidation.quietSince('source'));
    const fresh = plan(new Date());

    const attempts = worker.get(FirstAttempts);
    assert.equal(attempts.reserve(2), 2);
    // The statement "created" neither delivery (these plans were never committed).
    const outcomes = new EarlyOutcomes();
    const started = worker
      .get(RoutedDeliveries)
      .startEarly([before, fresh], new Set([before.eventId, fresh.eventId]), outcomes);
    await outcomes.close(0);
    outcomes.settle(Promise.resolve(new Set()));
    attempts.unreserve(2 - started.size);
    assert.deepEqual([...started], [fresh.rows[0]?.id], 'only the webhook received after the change');

    await waitFor('the early call', () => sink.requests.some((r) => r.url === '/late'), 15_000);
    await waitFor('the attempt to finish', () => attempts.busy === 0);
    assert.equal(sink.requests.filter((r) => r.url === '/late').length, 1);

    // Such an attempt ends once its call is made and writes nothing: recording it would insert an
    // attempt of a delivery that does not exist, which fails the whole batch of finishes it joins
    // (and no attempts row would show that, so the answer itself is checked).
    const row = fresh.rows[0];
    assert.ok(row);
    const result = await worker.get(DeliverService).deliverRouted(
      {
        id: newEventId(),
        eventId: fresh.eventId,
        eventReceivedAt: fresh.receivedAt,
        accountId: t.accountId,
        targetPk: target.id,
        replayName: '',
        orderingKey: null,
        attempts: 0,
        retryAttemptBase: 0,
        retryWindowStart: null,
        target: { ...target, ruleName: row.ruleName, busName: bus.busName },
        envelope: fresh.envelope,
      },
      { report: () => false, created: Promise.resolve(false) },
    );
    assert.deepEqual(result, { kind: 'done', state: 'not-created' });
    assert.equal(sink.requests.filter((r) => r.url === '/late').length, 2, 'the call was made');
  });
});
