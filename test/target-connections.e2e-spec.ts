import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { metrics } from '#libs/observability';
import { waitFor } from '#libs/testing';
import { startHarness, type Harness } from './support/harness.js';
import { as, createPipeline, createTenant, sendSigned, type Tenant } from './support/fixtures.js';

/**
 * The worker's connections to an HTTP target that sends no keep-alive hint: kept between
 * deliveries, and a delivery written on a kept connection just as the target closes it is made
 * again on a new connection within the same attempt (libs/targets/http/http-request.ts).
 */
describe('connections to HTTP targets', () => {
  let h: Harness;
  let t: Tenant;
  let server: http.Server;
  let origin = '';
  const connections: Socket[] = [];
  let requests = 0;
  /** Whether the server resets a request that is not the first on its connection. */
  let resetReused = false;
  before(async () => {
    h = await startHarness();
    t = await createTenant(h);
    const served = new WeakMap<Socket, number>();
    server = http.createServer((req, res) => {
      requests += 1;
      const n = (served.get(req.socket) ?? 0) + 1;
      served.set(req.socket, n);
      if (resetReused && n > 1) return req.socket.resetAndDestroy();
      req.resume().on('end', () => res.end('{}'));
    });
    server.keepAliveTimeout = 0; // no Keep-Alive hint, and no idle timeout of its own
    server.on('connection', (socket: Socket) => connections.push(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await h.close();
    for (const socket of connections) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  const attemptsOf = (eventId: string) =>
    waitFor(`the delivery of ${eventId} to end`, async () => {
      const r = await h.http().get(`/v1/events/${eventId}`).set(as(t.accountToken)).expect(200);
      const delivery = r.body.deliveries[0];
      return delivery && delivery.state !== 'pending'
        ? (delivery as { state: string; attempts: Array<{ statusCode?: number }> })
        : undefined;
    });

  test('a delivery whose kept connection the target resets is made again on a new one, in the same attempt', async () => {
    const s = await createPipeline(h, t, [{ id: 'hook', type: 'http', http: { url: `${origin}/hook` } }], {
      pattern: { source: [{ prefix: '' }] },
      rule: 'r1',
    });
    const first = await sendSigned(h, s, { n: 1 }).expect(202);
    assert.equal((await attemptsOf(first.body.eventId)).state, 'succeeded');
    const opened = connections.length;
    const resent = (await metrics.targetRequestsResent.get()).values[0]?.value ?? 0;

    resetReused = true;
    const before = requests;
    const second = await sendSigned(h, s, { n: 2 }).expect(202);
    const delivery = await attemptsOf(second.body.eventId);
    assert.equal(delivery.state, 'succeeded');
    assert.equal(delivery.attempts.length, 1, 'one attempt: the repeat is part of it');
    assert.equal(delivery.attempts[0]?.statusCode, 200);
    assert.equal(requests - before, 2, 'the request the target reset, and its repeat');
    assert.equal(connections.length - opened, 1, 'the repeat went on a new connection');
    assert.equal((await metrics.targetRequestsResent.get()).values[0]?.value, resent + 1);
  });
});
