import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { HttpSink, waitFor } from '#libs/testing';
import { startHarness, type Harness } from './support/harness.js';
import {
  as,
  createTenant,
  deliveriesOnBus,
  type ListedDelivery,
  putAs,
  type Tenant,
} from './support/fixtures.js';
import { query } from './support/archive-fixtures.js';
import { TargetClients } from '../apps/worker/src/deliver/target-clients.js';

/**
 * A bus target's hop is made once per delivery. Delivery is at least once, so a hop may be attempted
 * again after its copy was committed on the destination bus but before its delivery was recorded (a
 * crash, a failed record, a lease run out, a routing statement that did not create the delivery it
 * started): that attempt answers with the copy already there instead of putting a second one.
 */
describe('bus hops attempted again', () => {
  let h: Harness;
  let sink: HttpSink;
  before(async () => {
    h = await startHarness();
    sink = await new HttpSink().start();
  });
  after(async () => {
    await h.close();
    await sink.stop();
  });

  const put = (t: Tenant, path: string, body: object) => putAs(h, t, path, body);
  const deliveries = (t: Tenant, bus: string) => deliveriesOnBus(h, t, bus);
  const copies = async (t: Tenant) =>
    query<{ id: string }>(h, `SELECT id::text FROM events WHERE account_id = $1 AND bus_name = 'hop-to'`, [
      t.accountId,
    ]);
  const atSink = (path: string) => sink.requests.filter((r) => r.url === path);

  /**
   * hop-from forwards the event put on it to hop-to, whose rule sends it to the sink at `path`.
   * Returns the event and its forward's delivery once the copy has reached the sink.
   */
  async function hopped(t: Tenant, path: string): Promise<{ eventId: string; forward: ListedDelivery }> {
    for (const name of ['hop-from', 'hop-to'])
      await h.http().post('/v1/event-buses').set(as(t.accountToken)).send({ name }).expect(201);
    await put(t, '/v1/event-buses/hop-from/rules/fwd', { eventPattern: { source: ['test.hop'] } });
    await put(t, '/v1/event-buses/hop-from/rules/fwd/targets', {
      targets: [{ id: 'next', type: 'bus', bus: { name: 'hop-to' } }],
    });
    await put(t, '/v1/event-buses/hop-to/rules/seen', { eventPattern: { source: ['test.hop'] } });
    await put(t, '/v1/event-buses/hop-to/rules/seen/targets', {
      targets: [{ id: 'sink', type: 'http', http: { url: `${sink.url}${path}` } }],
    });
    const res = await h
      .http()
      .post('/v1/events')
      .set(as(t.accountToken))
      .send({ entries: [{ eventBusName: 'hop-from', source: 'test.hop', detailType: 'Ping', detail: {} }] })
      .expect(200);
    const eventId = res.body.entries[0].eventId as string;
    const forward = await waitFor('the hop', async () =>
      (await deliveries(t, 'hop-from')).find((d) => d.eventId === eventId && d.state === 'succeeded'),
    );
    await waitFor('the copy at the sink', () => atSink(path).length > 0);
    assert.equal((await copies(t)).length, 1);
    return { eventId, forward };
  }

  /** After the hop was attempted again: still one copy, delivered once by hop-to's rule. */
  async function assertOneCopy(t: Tenant, path: string, copy: string): Promise<void> {
    assert.deepEqual(
      (await copies(t)).map((r) => r.id),
      [copy],
      'no second copy on the destination bus',
    );
    const seen = await waitFor("hop-to's deliveries to settle", async () => {
      const all = await deliveries(t, 'hop-to');
      return all.every((d) => d.state === 'succeeded') ? all : undefined;
    });
    assert.deepEqual(
      seen.map((d) => d.eventId),
      [copy],
    );
    assert.equal(atSink(path).length, 1, 'the copy reached the sink once');
  }

  test('a hop attempted again after its copy was committed but not recorded puts no second copy', async () => {
    const t = await createTenant(h);
    const { forward } = await hopped(t, '/hop-again');
    const [copy] = await copies(t);
    // What a worker killed between the copy's commit and the record leaves: the delivery pending,
    // no attempt recorded, its lease run out. The sweeper sends it to a worker again.
    await query(h, 'DELETE FROM attempts WHERE delivery_id = $1', [forward.id]);
    await query(
      h,
      `UPDATE deliveries SET state = 'pending', attempts = 0, lease_until = NULL,
              next_attempt_at = now() - interval '1 hour'
        WHERE id = $1`,
      [forward.id],
    );
    const again = await waitFor('the hop to be attempted again', async () =>
      (await deliveries(t, 'hop-from')).find((d) => d.id === forward.id && d.state === 'succeeded'),
    );
    assert.equal(again.attempts, 1);
    await assertOneCopy(t, '/hop-again', copy?.id ?? '');

    // Asked once more, the worker's bus client answers success with the copy already there.
    const [source] = await query<{ envelope: string; target_pk: string }>(
      h,
      `SELECT e.envelope, d.target_pk::text FROM deliveries d JOIN events e ON e.id = d.event_id WHERE d.id = $1`,
      [forward.id],
    );
    const envelope = source?.envelope ?? '';
    const outcome = await (await h.startWorker()).get(TargetClients).send({
      deliveryId: forward.id,
      eventId: forward.eventId,
      targetPk: source?.target_pk ?? '',
      replayName: '',
      accountId: t.accountId,
      target: { id: 'next', type: 'bus', bus: { name: 'hop-to' } },
      secrets: {},
      body: envelope,
      envelope,
    });
    assert.equal(outcome.ok, true);
    assert.equal(outcome.ok && outcome.eventId, copy?.id);
    assert.equal((await copies(t)).length, 1);
  });

  test('a hop whose delivery routing made again puts no second copy, and the delivery keeps its id', async () => {
    const t = await createTenant(h);
    const { eventId, forward } = await hopped(t, '/hop-rerouted');
    const [copy] = await copies(t);
    // What an attempt started before its routing statement committed leaves when the statement did
    // not create its delivery (the event routed by another run, or the statement failed and routing
    // went again): the call made, no delivery of it; the event routed again, its delivery made anew.
    await query(h, 'DELETE FROM deliveries WHERE id = $1', [forward.id]);
    await query(h, `UPDATE events SET state = 'received' WHERE id = $1`, [eventId]);
    const again = await waitFor('the event to be routed and hopped again', async () =>
      (await deliveries(t, 'hop-from')).find((d) => d.eventId === eventId && d.state === 'succeeded'),
    );
    // A delivery's id is derived from its event, target and replay: made again, it is the same, and
    // so is the Idempotency-Key its calls carry.
    assert.equal(again.id, forward.id);
    await assertOneCopy(t, '/hop-rerouted', copy?.id ?? '');
  });
});
