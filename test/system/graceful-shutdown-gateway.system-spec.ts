import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { hmacSignature, type NodeProcess, waitFor } from '#libs/testing';
import { accept, send, terminate, useShutdownSetUp, type Pipeline } from '../support/graceful-shutdown.js';
import { readAnswer, refused } from '../support/raw-socket.js';

// SIGTERM to the gateway under load, with real processes: it stops taking connections, finishes
// what it took, and exits 0. Counted at the target per event id: nothing acknowledged is lost,
// nothing is delivered twice. The worker's side is in graceful-shutdown-worker.system-spec.ts.

/**
 * Signed webhooks at `perSecond` from `clients` concurrent senders until stopped; every answer is
 * kept (status, event id) and every request that got none is counted as a connection failure.
 */
function startLoad(p: Pipeline, perSecond: number, clients: number) {
  const statuses = new Map<number, number>();
  const acknowledged: string[] = [];
  let failures = 0;
  let running = true;
  let seq = 0;
  const client = async (c: number) => {
    const every = (1_000 * clients) / perSecond;
    let next = Date.now() + (every * c) / clients;
    while (running) {
      const wait = next - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      next += every;
      try {
        const res = await send(p, { load: seq++, client: c });
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        const body = (await res.json()) as { eventId?: string };
        if (res.status === 202 && body.eventId) acknowledged.push(body.eventId);
      } catch {
        failures++;
      }
    }
  };
  const done = Promise.all(Array.from({ length: clients }, (_, c) => client(c)));
  return {
    statuses,
    acknowledged,
    get failures() {
      return failures;
    },
    stop: async () => {
      running = false;
      await done;
    },
  };
}

describe('graceful shutdown under load: the gateway', () => {
  const setUp = useShutdownSetUp();

  test('the gateway under 300 webhooks/s offered: refuses new connections, finishes what it took, exits 0; nothing lost or doubled', async () => {
    const deadlineMs = 10_000;
    const { h, p, sink, fail, settled } = await setUp({
      HOOKBRIDGE_SHUTDOWN_TIMEOUT_MS: String(deadlineMs),
      // This test is about shutdown, not load shedding: a slow machine must not turn commits into 429s.
      HOOKBRIDGE_INGEST_MAX_COMMIT_MS: '60000',
    });
    const gateway = h.procs[0] as NodeProcess;
    h.spawn('worker');
    const loadStarted = Date.now();
    const load = startLoad(p, 300, 60);
    let stopped = false;
    let held: Socket | undefined;
    try {
      await waitFor('300 acknowledged webhooks', () => load.acknowledged.length >= 300, 20_000).catch(fail);

      // A request in flight at SIGTERM: headers and half the body sent, the rest held back.
      const body = JSON.stringify({ inFlight: true, pad: 'x'.repeat(1_000) });
      const url = new URL(p.ingestUrl);
      held = connect(Number(url.port), url.hostname);
      const answer = readAnswer(held);
      answer.catch(() => undefined); // awaited below; a failure before that must not go unhandled
      held.write(
        `POST ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/json\r\n` +
          `X-Signature: ${hmacSignature(p.secret, body)}\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 500)}`,
      );
      // Fifty answers to later requests: the gateway has read those bytes by then.
      const mark = load.acknowledged.length;
      await waitFor('50 more acknowledged webhooks', () => load.acknowledged.length >= mark + 50, 10_000);

      const rate = Math.round((load.acknowledged.length * 1_000) / (Date.now() - loadStarted));
      const exit = terminate(gateway, deadlineMs + 5_000);
      await waitFor('new connections to be refused', () => refused(h.base), 5_000).catch(fail);
      assert.ok(gateway.running, 'the gateway refuses new connections while it drains');
      held.write(body.slice(500));
      const inFlight = await answer;
      assert.equal(inFlight.status, 202, inFlight.body);
      assert.match(inFlight.head, /connection: close/i);
      const inFlightId = (JSON.parse(inFlight.body) as { eventId: string }).eventId;

      const { code, ms } = await exit;
      assert.equal(code, 0, gateway.tail());
      assert.ok(ms < deadlineMs, `exited after ${ms} ms`);
      await load.stop();
      stopped = true;
      console.log(
        `# graceful-shutdown: gateway at ${rate} webhooks/s exited 0 after ${ms} ms; ` +
          `answers ${JSON.stringify(Object.fromEntries(load.statuses))}, ${load.failures} refused or closed connections`,
      );
      // Every answer was a 202: nothing was refused with an error status, only connections.
      assert.deepEqual([...load.statuses.keys()], [202]);
      assert.doesNotMatch(gateway.tail(200), /left to the sweeper|"level":50/);

      // Every 202 is committed.
      const acknowledged = [...load.acknowledged, inFlightId];
      const stored = await h.query<{ id: string }>(
        'SELECT id::text AS id FROM events WHERE id = ANY($1::uuid[])',
        [acknowledged],
      );
      assert.equal(stored.length, acknowledged.length, 'every acknowledged webhook is in PostgreSQL');

      // A new gateway serves.
      h.spawn('gateway');
      await waitFor('the new gateway', async () => (await fetch(`${h.base}/health/ready`)).ok, 30_000).catch(
        fail,
      );
      for (let i = 0; i < 10; i++) acknowledged.push(await accept(p, { afterRestart: i }));

      await settled(60_000);
      const lost = acknowledged.filter((id) => !sink.arrived.has(id));
      assert.deepEqual(lost, [], 'every acknowledged webhook is delivered');
      assert.deepEqual(sink.duplicates(), [], 'and delivered once');
    } finally {
      held?.destroy();
      if (!stopped) await load.stop();
    }
  });
});
