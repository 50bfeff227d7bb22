import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import pg from 'pg';
import { HttpSink, hmacSignature, waitFor } from '#libs/testing';
import { startHarness, type Harness } from './support/harness.js';
import { createPipeline, createTenant, type CreatedSource, type Tenant } from './support/fixtures.js';
import { endpointOf, issueKey, type AwsKey } from './support/eventbridge.js';
import { assertAwsError, assertRestError, signedHeaders } from './support/fuzz/api-fuzz.js';

// What the gateway does with requests built to hurt it, over real sockets to the listening server:
// bodies over the caps (honest, lying Content-Length, chunked and growing), JSON nested 100 000
// deep, invalid UTF-8, and slow-loris clients. Never a 5xx or a crash; the limits are in
// docs/limits.md.

const MiB = 1024 * 1024;
const HEADERS_TIMEOUT_MS = 1_000;
const REQUEST_TIMEOUT_MS = 2_000;
const KEEP_ALIVE_TIMEOUT_MS = 1_000;
/**
 * Node checks the timeouts on an interval (a quarter of the headers timeout here), and the event
 * loops of both ends lag a little on a busy machine.
 */
const SLACK_MS = 2_000;

const deepArray = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
const deepObject = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;
/** An event envelope (JSON text) from source `s` with this `detail`. */
const envelope = (detail: string) =>
  `{"version":"0","id":"1","account":"123456789012","source":"s","time":"2020-01-01T00:00:00Z","region":"us-east-1","resources":[],"detail-type":"t","detail":${detail}}`;
const INVALID_UTF8 = Buffer.from([0xff, 0xfe, 0xc3, 0x28]);
/** `{"<key>":"<invalid bytes>"}` */
const withInvalidUtf8 = (key: string) =>
  Buffer.concat([Buffer.from(`{"${key}":"`), INVALID_UTF8, Buffer.from('"}')]);

/** What came back on a raw socket: the parsed answer, and whether and when the server closed. */
interface RawAnswer {
  status: number;
  headers: string;
  body: string;
  closedByServer: boolean;
  /** From connect to close. */
  ms: number;
}

/**
 * Opens a socket to the gateway, lets `drive` write to it, and collects the answer until the
 * server closes the connection (or `timeoutMs` passes: then `closedByServer` is false).
 */
function exchange(port: number, drive: (socket: Socket) => void, timeoutMs = 10_000): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const started = Date.now();
    const chunks: Buffer[] = [];
    let closedByServer = false;
    const timer = setTimeout(() => socket.destroy(), timeoutMs);
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.on('end', () => (closedByServer = true));
    // A write after the server closed fails with EPIPE or ECONNRESET: also a close by the server.
    socket.on('error', () => (closedByServer = true));
    socket.on('close', () => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString('utf8');
      const [head = '', body = ''] = text.split('\r\n\r\n', 2);
      resolve({
        status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0),
        headers: head,
        body,
        closedByServer,
        ms: Date.now() - started,
      });
    });
    socket.once('connect', () => drive(socket));
  });
}

/** Writes `chunk` until the socket closes or `max` bytes are out, honouring backpressure. */
function flood(socket: Socket, chunk: Buffer, max: number, onDone: () => void): void {
  let sent = 0;
  const pump = () => {
    while (!socket.destroyed && sent < max) {
      sent += chunk.length;
      if (!socket.write(chunk)) {
        socket.once('drain', pump);
        return;
      }
    }
    if (!socket.destroyed) onDone();
  };
  pump();
}

/** Writes one byte of `text` every `everyMs` until it is all out or the socket closes. */
function dribble(socket: Socket, text: string, everyMs: number): void {
  let i = 0;
  const timer = setInterval(() => {
    if (socket.destroyed || i >= text.length) clearInterval(timer);
    else socket.write(text[i++] as string);
  }, everyMs);
  socket.once('close', () => clearInterval(timer));
}

describe('limits: oversized, deeply nested, invalid UTF-8 and slow requests', () => {
  let h: Harness;
  let t: Tenant;
  let key: AwsKey;
  let s: CreatedSource;
  let sink: HttpSink;
  let base: string;
  let port: number;
  let db: pg.Client;

  before(async () => {
    sink = await new HttpSink().start();
    h = await startHarness({
      env: {
        HOOKBRIDGE_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
        HOOKBRIDGE_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
        HOOKBRIDGE_KEEP_ALIVE_TIMEOUT_MS: String(KEEP_ALIVE_TIMEOUT_MS),
      },
    });
    base = endpointOf(h);
    port = Number(new URL(base).port);
    t = await createTenant(h);
    key = await issueKey(h, { accountId: t.accountId });
    s = await createPipeline(h, t, [{ id: 'sink', type: 'http', http: { url: `${sink.url}/limits` } }]);
    db = new pg.Client({ connectionString: h.databaseUrl });
    await db.connect();
  });
  after(async () => {
    await db?.end();
    await h?.close();
    await sink?.stop();
  });

  const rest = (path: string, body: string | Buffer) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.accountToken}`, 'content-type': 'application/json' },
      body,
    });
  const ingest = (body: string | Buffer) =>
    fetch(`${base}${s.ingestPath}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-signature': hmacSignature(s.secret, body) },
      body,
    });
  const eventBridge = async (target: string, body: Buffer) => {
    const headers = { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target };
    const { host: _host, ...signed } = await signedHeaders(base, h.config.region, key, headers, body);
    return fetch(`${base}/`, { method: 'POST', headers: signed, body });
  };
  const restError = async (res: Response, status: number, code: string, what: string) => {
    const text = await res.text();
    assert.equal(res.status, status, `${what}: ${text.slice(0, 300)}`);
    assertRestError(res.status, text, what);
    assert.equal((JSON.parse(text) as { error: { code: string } }).error.code, code, what);
    return text;
  };
  const awsError = async (res: Response, type: string, what: string) => {
    const text = await res.text();
    assert.ok(res.status >= 400 && res.status < 500, `${what}: ${res.status} ${text.slice(0, 300)}`);
    assertAwsError(res.status, res.headers.get('content-type'), text, what);
    assert.equal((JSON.parse(text) as { __type: string }).__type, type, what);
    return text;
  };
  /** The gateway still answers a normal request on a fresh connection. */
  const assertHealthy = async (what: string) => {
    const ready = await fetch(`${base}/health/ready`);
    assert.equal(ready.status, 200, `${what}: /health/ready`);
    const res = await ingest(JSON.stringify({ healthy: what, n: Math.random() }));
    assert.equal(res.status, 202, `${what}: a webhook after it`);
  };
  const accepted = async (res: Response): Promise<string> => {
    assert.equal(res.status, 202, await res.clone().text());
    return ((await res.json()) as { eventId: string }).eventId;
  };

  /** A request line and headers for each interface, for raw-socket tests. */
  const heads = () => [
    {
      name: 'ingest',
      head: (extra: string) =>
        `POST ${s.ingestPath} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-Signature: sha256=00\r\n${extra}\r\n`,
    },
    {
      name: 'REST',
      head: (extra: string) =>
        `POST /v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${t.accountToken}\r\nContent-Type: application/json\r\n${extra}\r\n`,
    },
    {
      name: 'EventBridge',
      head: (extra: string) =>
        `POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: AWSEvents.PutEvents\r\nContent-Type: application/x-amz-json-1.1\r\n${extra}\r\n`,
    },
  ];

  /** 413 in the error shape; on the EventBridge endpoint, 413 in AWS's shape. */
  const assertRefusedAsTooLarge = (name: string, answer: RawAnswer) => {
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
        const answer = await exchange(port, (socket) =>
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
          const answer = await exchange(port, (socket) => {
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

  describe('deeply nested JSON', () => {
    test('REST: 100 000 levels anywhere in the body → 400 in the error shape', async () => {
      const deep = deepArray(100_000);
      const bodies: Array<[string, string]> = [
        ['/v1/events', deep],
        ['/v1/events', `{"entries":[{"source":"x","detailType":"y","detail":{"a":${deep}}}]}`],
        ['/v1/test-event-pattern', `{"eventPattern":{"a":[1]},"event":{"detail":${deepObject(100_000)}}}`],
        ['/v1/test-event-pattern', `{"eventPattern":${deepObject(100_000)},"event":{}}`],
        ['/v1/event-buses', `{"name":${deep}}`],
      ];
      for (const [path, body] of bodies) {
        const text = await restError(await rest(path, body), 400, 'ValidationException', path);
        assert.match(text, /nests deeper than 1000 levels/, path);
      }
      await assertHealthy('after deep REST bodies');
    });

    test('REST: the bound is 1000 levels, as deep as an event may nest', async () => {
      // `{"eventPattern":…,"event":<e>}` adds one level to the event's own depth.
      const event = (depth: number) => envelope(deepObject(depth - 1));
      const at = await rest(
        '/v1/test-event-pattern',
        `{"eventPattern":{"source":["s"]},"event":${event(999)}}`,
      );
      assert.equal(at.status, 200, await at.clone().text());
      assert.deepEqual(await at.json(), { result: true });
      const over = await rest(
        '/v1/test-event-pattern',
        `{"eventPattern":{"source":["s"]},"event":${event(1000)}}`,
      );
      assert.match(await restError(over, 400, 'ValidationException', 'depth 1001'), /nests deeper/);
    });

    test('EventBridge: a 100 000-level body or Event → 400 in AWS shape', async () => {
      await awsError(
        await eventBridge('AWSEvents.PutEvents', Buffer.from(deepArray(100_000))),
        'ValidationException',
        'deep array',
      );
      await awsError(
        await eventBridge('AWSEvents.PutEvents', Buffer.from(deepObject(100_000))),
        'ValidationException',
        'deep object',
      );
      const event = envelope(deepObject(100_000));
      await awsError(
        await eventBridge(
          'AWSEvents.TestEventPattern',
          Buffer.from(JSON.stringify({ EventPattern: '{"source":["s"]}', Event: event })),
        ),
        'ValidationException',
        'deep TestEventPattern Event',
      );
      await assertHealthy('after deep EventBridge bodies');
    });

    test('PutEvents with a Detail text nesting deeper than events may → that entry fails with MalformedDetail (EventBridge and REST)', async () => {
      // The envelope adds one level: a Detail may nest 999 levels, so its event nests 1000.
      const tooDeep = [deepObject(1000), `{"a":${deepArray(100_000)}}`];
      const fine = deepObject(999);
      const stored = async (ids: string[]) =>
        (await db.query('SELECT 1 FROM events WHERE id = ANY($1::uuid[])', [ids])).rowCount;

      const eb = await eventBridge(
        'AWSEvents.PutEvents',
        Buffer.from(
          JSON.stringify({
            Entries: [...tooDeep, fine].map((Detail) => ({ Source: 'x', DetailType: 'y', Detail })),
          }),
        ),
      );
      const ebText = await eb.text();
      assert.equal(eb.status, 200, ebText);
      const ebResult = JSON.parse(ebText) as {
        FailedEntryCount: number;
        Entries: Array<{ EventId?: string; ErrorCode?: string; ErrorMessage?: string }>;
      };
      assert.equal(ebResult.FailedEntryCount, 2, ebText);
      for (const entry of ebResult.Entries.slice(0, 2)) {
        assert.equal(entry.ErrorCode, 'MalformedDetail');
        assert.match(entry.ErrorMessage ?? '', /nest deeper than 999 levels/);
      }
      const ebId = ebResult.Entries[2]?.EventId;
      assert.ok(ebId, ebText);

      const res = await rest(
        '/v1/events',
        JSON.stringify({
          entries: [...tooDeep, fine].map((detail) => ({ source: 'x', detailType: 'y', detail })),
        }),
      );
      const text = await res.text();
      assert.equal(res.status, 200, text);
      const result = JSON.parse(text) as {
        failedEntryCount: number;
        entries: Array<{ eventId?: string; errorCode?: string }>;
      };
      assert.equal(result.failedEntryCount, 2, text);
      assert.deepEqual(
        result.entries.slice(0, 2).map((e) => e.errorCode),
        ['MalformedDetail', 'MalformedDetail'],
      );
      const restId = result.entries[2]?.eventId;
      assert.ok(restId, text);
      // Only the entries at the bound were stored.
      assert.equal(await stored([ebId, restId]), 2);
    });

    test('ingest: a 100 000-level body is signed bytes, so it is stored as sent (202)', async () => {
      const body = Buffer.from(`{"a":${deepArray(100_000)}}`);
      const eventId = await accepted(await ingest(body));
      const { rows } = await db.query<{ raw_body: Buffer }>('SELECT raw_body FROM events WHERE id = $1', [
        eventId,
      ]);
      assert.ok(rows[0]?.raw_body.equals(body), 'the raw bytes are stored unchanged');
      // The worker survives routing it: a webhook sent after it is still delivered.
      const next = await accepted(await ingest(JSON.stringify({ after: 'deep' })));
      await waitFor('the webhook after the deep one at the sink', () =>
        sink.requests.some((r) => (JSON.parse(r.body) as { id: string }).id === next),
      );
      await assertHealthy('after a deep webhook');
    });

    test('ingest: a webhook nesting deeper than events may is routed with its body as base64 `raw`', async () => {
      // 999 levels in the body are 1000 in the event (the envelope is one more), which the matcher
      // reads; 1000 in the body would be 1001.
      const atBound = Buffer.from(`{"routed-json":${Math.random()},"a":${deepObject(998)}}`);
      // A fresh key in each body: ingest deduplicates bodies it has seen, and other tests send deep ones.
      const fresh = `"routed-raw":${Math.random()}`;
      const deep = [`{${fresh},"a":${deepObject(999)}}`, `{${fresh},"a":${deepArray(100_000)}}`];
      for (const body of deep.map((text) => Buffer.from(text))) {
        const eventId = await accepted(await ingest(body));
        const delivered = await waitFor('the deep event at the sink', () =>
          sink.requests.find((r) => (JSON.parse(r.body) as { id: string }).id === eventId),
        );
        assert.deepEqual((JSON.parse(delivered.body) as { detail: unknown }).detail, {
          raw: body.toString('base64'),
        });
      }
      const eventId = await accepted(await ingest(atBound));
      const delivered = await waitFor('the event at the bound at the sink', () =>
        sink.requests.find((r) => (JSON.parse(r.body) as { id: string }).id === eventId),
      );
      const { detail } = JSON.parse(delivered.body) as { detail: unknown };
      assert.equal(JSON.stringify(detail), atBound.toString(), 'delivered as JSON, as sent');
    });
  });

  describe('invalid UTF-8', () => {
    test('REST: invalid UTF-8 in a JSON body → 400 in the error shape, nothing stored', async () => {
      const admin = { authorization: `Bearer ${h.config.adminToken}`, 'content-type': 'application/json' };
      const res = await fetch(`${base}/v1/accounts`, {
        method: 'POST',
        headers: admin,
        body: withInvalidUtf8('name'),
      });
      assert.match(await restError(res, 400, 'ValidationException', 'invalid UTF-8'), /not valid UTF-8/);
      const stored = await db.query("SELECT 1 FROM accounts WHERE name LIKE '%' || chr(65533) || '%'");
      assert.equal(stored.rowCount, 0, 'no account named with U+FFFD');
      // Valid multi-byte UTF-8 is of course fine.
      const ok = await fetch(`${base}/v1/accounts`, {
        method: 'POST',
        headers: admin,
        body: JSON.stringify({ name: 'Zürich 😀' }),
      });
      assert.equal(ok.status, 201);
      assert.equal(((await ok.json()) as { name: string }).name, 'Zürich 😀');
    });

    test('EventBridge: invalid UTF-8 in the body → 400 SerializationException, nothing stored', async () => {
      const source = `utf8-${Math.random()}`;
      // The bytes sit inside the Detail string, itself JSON text.
      const body = Buffer.concat([
        Buffer.from(`{"Entries":[{"Source":"${source}","DetailType":"y","Detail":"{\\"a\\":\\"`),
        INVALID_UTF8,
        Buffer.from('\\"}"}]}'),
      ]);
      const res = await eventBridge('AWSEvents.PutEvents', body);
      assert.equal(res.status, 400);
      assert.match(await awsError(res, 'SerializationException', 'EB'), /not valid UTF-8/);
      const stored = await db.query('SELECT 1 FROM events WHERE source_name = $1', [source]);
      assert.equal(stored.rowCount, 0);
      // Valid multi-byte UTF-8 is of course fine, and stored as sent.
      const ok = await eventBridge(
        'AWSEvents.PutEvents',
        Buffer.from(
          JSON.stringify({ Entries: [{ Source: source, DetailType: 'y', Detail: '{"a":"Zürich 😀"}' }] }),
        ),
      );
      const text = await ok.text();
      assert.equal((JSON.parse(text) as { FailedEntryCount: number }).FailedEntryCount, 0, text);
      const { rows } = await db.query<{ raw_body: Buffer }>(
        'SELECT raw_body FROM events WHERE source_name = $1',
        [source],
      );
      assert.equal(rows[0]?.raw_body.toString('utf8'), '{"a":"Zürich 😀"}');
    });

    test('ingest: a signed body with invalid UTF-8 is accepted as bytes and delivered as base64 `raw`', async () => {
      const body = withInvalidUtf8('a');
      const eventId = await accepted(await ingest(body));
      const delivered = await waitFor('the event at the sink', () =>
        sink.requests.find((r) => (JSON.parse(r.body) as { id: string }).id === eventId),
      );
      assert.deepEqual((JSON.parse(delivered.body) as { detail: unknown }).detail, {
        raw: body.toString('base64'),
      });
      const { rows } = await db.query<{ raw_body: Buffer }>('SELECT raw_body FROM events WHERE id = $1', [
        eventId,
      ]);
      assert.ok(rows[0]?.raw_body.equals(body), 'the raw bytes are stored unchanged');
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
        return exchange(port, drive, 15_000).then((answer) => {
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
      const answer = await exchange(port, (socket) =>
        socket.write('GET /health/ready HTTP/1.1\r\nHost: x\r\n\r\n'),
      );
      assert.equal(answer.status, 200);
      assert.ok(answer.closedByServer);
      // Node keeps the socket one second longer than it announces, so clients never race its close.
      assert.ok(answer.ms <= KEEP_ALIVE_TIMEOUT_MS + 1_000 + SLACK_MS, `closed after ${answer.ms} ms`);
    });
  });

  test('the gateway and the worker are still up after all of it', async () => {
    await assertHealthy('at the end');
    const res = await rest(
      '/v1/test-event-pattern',
      `{"eventPattern":{"source":["s"]},"event":${envelope('{}')}}`,
    );
    assert.equal(res.status, 200, await res.clone().text());
    assert.deepEqual(await res.json(), { result: true });
  });
});
