import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import { waitFor } from '#libs/testing';
import { assertAwsError, assertRestError } from './support/fuzz/api-fuzz.js';
import {
  HEADERS_TIMEOUT_MS,
  KEEP_ALIVE_TIMEOUT_MS,
  MiB,
  REQUEST_TIMEOUT_MS,
  SLACK_MS,
  useLimitsWorld,
} from './support/limits.js';
import { dribble, exchange, flood, type ExchangeAnswer } from './support/raw-socket.js';

// What the gateway does with requests built to hurt it by their size or their pace, over real
// sockets to the listening server: bodies over the caps (honest, lying Content-Length, chunked and
// growing) and slow-loris clients. Never a 5xx or a crash; the limits are in docs/limits.md. Deeply
// nested JSON and invalid UTF-8 are in limits-json.e2e-spec.ts.

describe('limits: oversized bodies and slow requests', () => {
  const w = useLimitsWorld();
  const { rest, ingest, eventBridge, restError, awsError, assertHealthy } = w;

  /** A request line and headers for each interface, for raw-socket tests. */
  const heads = () => [
    {
      name: 'ingest',
      head: (extra: string) =>
        `POST ${w.s.ingestPath} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-Signature: sha256=00\r\n${extra}\r\n`,
    },
    {
      name: 'REST',
      head: (extra: string) =>
        `POST /v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${w.t.accountToken}\r\nContent-Type: application/json\r\n${extra}\r\n`,
    },
    {
      name: 'EventBridge',
      head: (extra: string) =>
        `POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: AWSEvents.PutEvents\r\nContent-Type: application/x-amz-json-1.1\r\n${extra}\r\n`,
    },
  ];

  /** 413 in the error shape; on the EventBridge endpoint, 413 in AWS's shape. */
  const assertRefusedAsTooLarge = (name: string, answer: ExchangeAnswer) => {
    const type = /^content-type: (.*)$/im.exec(answer.headers)?.[1]?.trim() ?? null;
    if (name === 'EventBridge') {
      assert.equal(answer.status, 413, `${name}: ${answer.headers}`);
      assertAwsError(answer.status, type, answer.body, name);
      assert.equal((JSON.parse(answer.body) as { __type: string }).__type, 'RequestEntityTooLargeException');
      assert.match(answer.body, /too large/, name);
    } else {
      assert.equal(answer.status, 413, `${name}: ${answer.headers}`);
      assertRestError(answer.status, answer.body, name);
      assert.equal((JSON.parse(answer.body) as { error: { code: string } }).error.code, 'PayloadTooLarge');
    }
  };

  describe('oversized bodies', () => {
    test('ingest and REST: a body one byte over 1 MiB → 413 in the error shape', async () => {
      const pad = (n: number) => JSON.stringify({ entries: [], pad: 'x'.repeat(n) });
      const over = pad(MiB + 1 - pad(0).length);
      assert.equal(Buffer.byteLength(over), MiB + 1);
      await restError(await ingest(over), 413, 'PayloadTooLarge', 'ingest');
      await restError(await rest('/v1/events', over), 413, 'PayloadTooLarge', 'REST');
      // At the cap exactly, the size is fine and the request is judged on its content.
      const at = pad(MiB - pad(0).length);
      assert.equal((await ingest(at)).status, 202);
      assert.equal((await rest('/v1/events', at)).status, 400);
      await assertHealthy('after 1 MiB + 1');
    });

    test('EventBridge: a body one byte over its 4 MiB cap → 413 RequestEntityTooLargeException in AWS shape', async () => {
      const over = Buffer.alloc(4 * MiB + 1, 0x20);
      const res = await eventBridge('AWSEvents.PutEvents', over);
      assert.equal(res.status, 413, 'as ingest and REST answer');
      const text = await awsError(res, 'RequestEntityTooLargeException', 'EB');
      assert.match(text, /too large/);
      // At the cap exactly, the size is fine and the request is judged on its content (JSON text
      // padded with spaces, so valid: one entry, which fails alone).
      const entries = JSON.stringify({ Entries: [{ Source: 'x' }] });
      const at = Buffer.concat([Buffer.from(entries), Buffer.alloc(4 * MiB - entries.length, 0x20)]);
      const ok = await eventBridge('AWSEvents.PutEvents', at);
      assert.equal(ok.status, 200, await ok.clone().text());
      assert.equal(((await ok.json()) as { FailedEntryCount: number }).FailedEntryCount, 1);
      await assertHealthy('after 4 MiB + 1');
    });

    test('a huge Content-Length with a small body → refused at once, and the server closes the connection', async () => {
      for (const { name, head } of heads()) {
        const answer = await exchange(w.port, (socket) =>
          socket.write(`${head('Content-Length: 10737418240\r\n')}{"a":1}`),
        );
        assert.ok(answer.closedByServer, `${name}: the server closed the connection`);
        // It did not wait for ten gigabytes, nor for the request timeout.
        assert.ok(answer.ms < REQUEST_TIMEOUT_MS, `${name}: answered in ${answer.ms} ms`);
        assertRefusedAsTooLarge(name, answer);
      }
      await assertHealthy('after a lying Content-Length');
    });

    test('a chunked body that grows past the cap → refused before it is all sent, connection closed', async () => {
      const chunk = Buffer.from(`${(64 * 1024).toString(16)}\r\n${'a'.repeat(64 * 1024)}\r\n`);
      for (const { name, head } of heads()) {
        // The client is still writing when the server answers and closes, so the server's kernel may
        // reset the connection and the client's kernel drop the answer before it is read (status 0).
        // That is a property of TCP, not of the gateway: such a try is repeated, up to three times.
        for (let tries = 1; ; tries++) {
          let sentAll = false;
          const answer = await exchange(w.port, (socket) => {
            socket.write(head('Transfer-Encoding: chunked\r\n'));
            flood(socket, chunk, 64 * MiB, () => {
              sentAll = true;
              socket.end('0\r\n\r\n');
            });
          });
          assert.ok(answer.closedByServer, `${name}: the server closed the connection`);
          assert.ok(!sentAll, `${name}: the server stopped reading long before 64 MiB`);
          if (answer.status === 0 && tries < 3) continue;
          assertRefusedAsTooLarge(name, answer);
          break;
        }
      }
      await assertHealthy('after growing chunked bodies');
    });
  });

  describe('slow clients', () => {
    test('200 slow-loris sockets are cut off within the timeouts while normal requests are served', async () => {
      const kinds = [
        // Connects and sends nothing.
        { kind: 'silent', bound: HEADERS_TIMEOUT_MS, drive: () => undefined },
        // Headers one byte every 200 ms: they would take half a minute to arrive.
        ...heads().map(({ name, head }) => ({
          kind: `${name} headers`,
          bound: HEADERS_TIMEOUT_MS,
          drive: (socket: Socket) => dribble(socket, head('Content-Length: 20\r\n'), 200),
        })),
        // Headers at once, then the body one byte every 200 ms.
        ...heads().map(({ name, head }) => ({
          kind: `${name} body`,
          bound: REQUEST_TIMEOUT_MS,
          drive: (socket: Socket) => {
            socket.write(head('Content-Length: 200\r\n'));
            dribble(socket, `{"pad":"${'x'.repeat(190)}"}`, 200);
          },
        })),
      ];
      let connected = 0;
      let closed = 0;
      const attack = Array.from({ length: 200 }, (_, i) => {
        const k = kinds[i % kinds.length] as (typeof kinds)[number];
        const drive = (socket: Socket) => {
          connected++;
          k.drive(socket);
        };
        return exchange(w.port, drive, 15_000).then((answer) => {
          closed++;
          return { ...k, answer };
        });
      });
      await waitFor('the 200 slow sockets to connect', () => connected === 200, 5_000);

      // While the 200 sockets hang on, normal clients are served.
      const served: Array<{ ms: number; slowOpen: number }> = [];
      for (let i = 0; i < 10; i++) {
        const started = Date.now();
        await assertHealthy(`during the attack (${i})`);
        served.push({ ms: Date.now() - started, slowOpen: 200 - closed });
      }
      assert.equal(served[0]?.slowOpen, 200, 'a normal request was served while every slow socket hung on');

      const results = await Promise.all(attack);
      const worst = new Map<string, number>();
      for (const { kind, bound, answer } of results) {
        assert.ok(answer.closedByServer, `${kind}: the server closed the socket`);
        assert.ok(answer.ms <= bound + SLACK_MS, `${kind}: closed after ${answer.ms} ms (bound ${bound} ms)`);
        assert.ok(answer.ms >= bound - 50, `${kind}: not before its timeout (${answer.ms} ms)`);
        assert.equal(answer.status, 408, `${kind}: ${answer.headers}`);
        assertRestError(answer.status, answer.body, kind);
        worst.set(kind, Math.max(worst.get(kind) ?? 0, answer.ms));
      }
      console.log(
        `# limits: slow sockets closed after at most ${JSON.stringify(Object.fromEntries(worst))} ms; ` +
          `normal requests during the attack took ${Math.max(...served.map((x) => x.ms))} ms at most`,
      );
    });

    test('an idle keep-alive connection is closed after the keep-alive timeout', async () => {
      const answer = await exchange(w.port, (socket) =>
        socket.write('GET /health/ready HTTP/1.1\r\nHost: x\r\n\r\n'),
      );
      assert.equal(answer.status, 200);
      assert.ok(answer.closedByServer);
      // Node keeps the socket one second longer than it announces, so clients never race its close.
      assert.ok(answer.ms <= KEEP_ALIVE_TIMEOUT_MS + 1_000 + SLACK_MS, `closed after ${answer.ms} ms`);
    });
  });

  test('the gateway and the worker are still up after all of it', async () => {
    await w.assertStillUp();
  });
});
