import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor } from '#libs/testing';
import {
  INVALID_UTF8,
  deepArray,
  deepObject,
  envelope,
  useLimitsWorld,
  withInvalidUtf8,
} from './support/limits.js';

// What the gateway does with bodies built to hurt its parsers, over real sockets to the listening
// server: JSON nested 100 000 deep and invalid UTF-8, on ingest, REST and the EventBridge API. Never
// a 5xx or a crash; the limits are in docs/limits.md. Oversized bodies and slow clients are in
// limits-bodies.e2e-spec.ts.

describe('limits: deeply nested JSON and invalid UTF-8', () => {
  const w = useLimitsWorld();
  const { rest, ingest, eventBridge, restError, awsError, assertHealthy, accepted } = w;

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
        (await w.db.query('SELECT 1 FROM events WHERE id = ANY($1::uuid[])', [ids])).rowCount;

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
      const { rows } = await w.db.query<{ raw_body: Buffer }>('SELECT raw_body FROM events WHERE id = $1', [
        eventId,
      ]);
      assert.ok(rows[0]?.raw_body.equals(body), 'the raw bytes are stored unchanged');
      // The worker survives routing it: a webhook sent after it is still delivered.
      const next = await accepted(await ingest(JSON.stringify({ after: 'deep' })));
      await waitFor('the webhook after the deep one at the sink', () =>
        w.sink.requests.some((r) => (JSON.parse(r.body) as { id: string }).id === next),
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
          w.sink.requests.find((r) => (JSON.parse(r.body) as { id: string }).id === eventId),
        );
        assert.deepEqual((JSON.parse(delivered.body) as { detail: unknown }).detail, {
          raw: body.toString('base64'),
        });
      }
      const eventId = await accepted(await ingest(atBound));
      const delivered = await waitFor('the event at the bound at the sink', () =>
        w.sink.requests.find((r) => (JSON.parse(r.body) as { id: string }).id === eventId),
      );
      const { detail } = JSON.parse(delivered.body) as { detail: unknown };
      assert.equal(JSON.stringify(detail), atBound.toString(), 'delivered as JSON, as sent');
    });
  });

  describe('invalid UTF-8', () => {
    test('REST: invalid UTF-8 in a JSON body → 400 in the error shape, nothing stored', async () => {
      const admin = { authorization: `Bearer ${w.h.config.adminToken}`, 'content-type': 'application/json' };
      const res = await fetch(`${w.base}/v1/accounts`, {
        method: 'POST',
        headers: admin,
        body: withInvalidUtf8('name'),
      });
      assert.match(await restError(res, 400, 'ValidationException', 'invalid UTF-8'), /not valid UTF-8/);
      const stored = await w.db.query("SELECT 1 FROM accounts WHERE name LIKE '%' || chr(65533) || '%'");
      assert.equal(stored.rowCount, 0, 'no account named with U+FFFD');
      // Valid multi-byte UTF-8 is of course fine.
      const ok = await fetch(`${w.base}/v1/accounts`, {
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
      const stored = await w.db.query('SELECT 1 FROM events WHERE source_name = $1', [source]);
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
      const { rows } = await w.db.query<{ raw_body: Buffer }>(
        'SELECT raw_body FROM events WHERE source_name = $1',
        [source],
      );
      assert.equal(rows[0]?.raw_body.toString('utf8'), '{"a":"Zürich 😀"}');
    });

    test('ingest: a signed body with invalid UTF-8 is accepted as bytes and delivered as base64 `raw`', async () => {
      const body = withInvalidUtf8('a');
      const eventId = await accepted(await ingest(body));
      const delivered = await waitFor('the event at the sink', () =>
        w.sink.requests.find((r) => (JSON.parse(r.body) as { id: string }).id === eventId),
      );
      assert.deepEqual((JSON.parse(delivered.body) as { detail: unknown }).detail, {
        raw: body.toString('base64'),
      });
      const { rows } = await w.db.query<{ raw_body: Buffer }>('SELECT raw_body FROM events WHERE id = $1', [
        eventId,
      ]);
      assert.ok(rows[0]?.raw_body.equals(body), 'the raw bytes are stored unchanged');
    });
  });

  test('ingest: webhooks committed together each keep their own bytes and headers', async () => {
    // Sent at once, they share commits: the statement takes all bodies as one bytea and cuts it apart.
    const bodies = Array.from({ length: 40 }, (_, i) =>
      i % 3 === 0
        ? withInvalidUtf8('x'.repeat(i))
        : Buffer.from(JSON.stringify({ n: i, pad: 'é'.repeat(i * 7) })),
    );
    const ids = await Promise.all(bodies.map(async (b) => accepted(await ingest(b))));
    const { rows } = await w.db.query<{
      id: string;
      raw_body: Buffer;
      headers: Record<string, string>;
      xmin: string;
    }>('SELECT id::text, raw_body, headers, xmin::text FROM events WHERE id = ANY($1::uuid[])', [ids]);
    // Rows a transaction wrote share its id (xmin): fewer transactions than webhooks.
    assert.ok(new Set(rows.map((r) => r.xmin)).size < bodies.length, 'some webhooks shared a commit');
    const byId = new Map(rows.map((r) => [r.id, r]));
    bodies.forEach((body, i) => {
      const row = byId.get(ids[i] ?? '');
      assert.ok(row?.raw_body.equals(body), `webhook ${i}: its raw bytes are stored unchanged`);
      assert.equal(row?.headers['content-length'], String(body.length), `webhook ${i}: its own headers`);
    });
  });

  test('the gateway and the worker are still up after all of it', async () => {
    await w.assertStillUp();
  });
});
