import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Webhook } from 'standardwebhooks';
import type { DeliveryFailure, DeliveryOutcome } from '../delivery-outcome.js';
import { type HttpSink, closedPort, startHttpSink } from '../testing/http-sink.js';
import { HttpTargetClient } from './http-target.client.js';
import { RESERVED_HEADERS, UNSUPPORTED_HEADERS } from './http-target.js';

const LOOPBACK = ['127.0.0.0/8', '::1/128'];
const delivery = { deliveryId: 'dlv_01', body: '{"detail":{"n":1}}' };

function assertFailure(outcome: DeliveryOutcome): asserts outcome is DeliveryFailure {
  assert.equal(outcome.ok, false, `expected a failure, got ${JSON.stringify(outcome)}`);
}

describe('HttpTargetClient against local servers', () => {
  let sink: HttpSink;
  let client: HttpTargetClient;
  // Each test picks the answer by path.
  before(async () => {
    sink = await startHttpSink((req, res) => {
      const path = new URL(req.url, 'http://x').pathname;
      if (path === '/ok') return res.end('ok');
      if (path === '/503')
        return res.writeHead(503, { 'content-type': 'text/plain' }).end('  down for maintenance ');
      if (path === '/429') return res.writeHead(429, { 'retry-after': '7' }).end();
      if (path === '/410') return res.writeHead(410).end('gone');
      if (path === '/404') return res.writeHead(404).end();
      if (path === '/stop') return res.writeHead(503, { 'retry-after': '-1' }).end();
      if (path === '/huge') return res.writeHead(500).end('x'.repeat(200_000));
      if (path === '/hang') return; // never answers
      res.writeHead(418).end();
    });
    client = new HttpTargetClient({ allowedCidrs: LOOPBACK, allowPlainHttp: true });
  });
  after(async () => {
    client.close();
    await sink.close();
  });
  const requestsTo = (path: string) => sink.requests.filter((r) => r.url.startsWith(path));

  test('2xx is success; the request carries body, content type, idempotency key and user agent', async () => {
    const outcome = await client.deliver({ url: `${sink.origin}/ok` }, delivery);
    assert.equal(outcome.ok, true);
    assert.equal(outcome.ok && outcome.statusCode, 200);
    assert.ok(outcome.durationMs >= 0);
    const [req] = requestsTo('/ok');
    assert.equal(req.method, 'POST');
    assert.equal(req.body, delivery.body);
    assert.equal(req.headers['content-type'], 'application/json; charset=utf-8');
    assert.equal(req.headers['idempotency-key'], 'dlv_01');
    assert.equal(req.headers['user-agent'], 'Hookbridge/1.0');
    assert.equal(req.headers['webhook-signature'], undefined);
  });

  test('503 is retryable and quotes the response body', async () => {
    const outcome = await client.deliver({ url: `${sink.origin}/503` }, delivery);
    assertFailure(outcome);
    assert.equal(outcome.retryable, true);
    assert.equal(outcome.errorCode, 'HTTP_503');
    assert.equal(outcome.statusCode, 503);
    assert.equal(outcome.errorMessage, 'HTTP 503 Service Unavailable: down for maintenance');
  });

  test('429 with Retry-After is retryable and reports the delay', async () => {
    const outcome = await client.deliver({ url: `${sink.origin}/429` }, delivery);
    assertFailure(outcome);
    assert.equal(outcome.retryable, true);
    assert.equal(outcome.retryAfterMs, 7_000);
  });

  test('a negative Retry-After stops retrying', async () => {
    const outcome = await client.deliver({ url: `${sink.origin}/stop` }, delivery);
    assertFailure(outcome);
    assert.equal(outcome.retryable, false);
  });

  test('404 is not retryable; 410 also disables the target', async () => {
    const notFound = await client.deliver({ url: `${sink.origin}/404` }, delivery);
    assertFailure(notFound);
    assert.equal(notFound.retryable, false);
    assert.equal(notFound.disableTarget, undefined);
    const gone = await client.deliver({ url: `${sink.origin}/410` }, delivery);
    assertFailure(gone);
    assert.equal(gone.retryable, false);
    assert.equal(gone.disableTarget, true);
  });

  test('a large error body is cut to 1 KB in the message', async () => {
    const outcome = await client.deliver({ url: `${sink.origin}/huge` }, delivery);
    assertFailure(outcome);
    assert.ok(outcome.errorMessage.length <= 1024 + 40, `message length ${outcome.errorMessage.length}`);
  });

  test('a server that never answers times out', async () => {
    const outcome = await client.deliver({ url: `${sink.origin}/hang`, timeoutMs: 200 }, delivery);
    assertFailure(outcome);
    assert.equal(outcome.errorCode, 'TIMEOUT');
    assert.equal(outcome.retryable, true);
    assert.ok(outcome.durationMs >= 190 && outcome.durationMs < 3_000, `durationMs ${outcome.durationMs}`);
  });

  test('connection refused is retryable', async () => {
    const port = await closedPort();
    const outcome = await client.deliver({ url: `http://127.0.0.1:${port}/` }, delivery);
    assertFailure(outcome);
    assert.equal(outcome.errorCode, 'ECONNREFUSED');
    assert.equal(outcome.retryable, true);
  });

  test('GET sends no body; headers and query parameters from target and connection are merged', async () => {
    const outcome = await client.deliver(
      {
        url: `${sink.origin}/ok?fixed=1`,
        method: 'get',
        headers: { 'X-Target': 't', 'Content-Type': 'text/plain' },
        queryParameters: { q: 'a b' },
        connection: {
          id: 'c1',
          auth: { type: 'api-key', headerName: 'X-Api-Key', headerValue: 'secret-key' },
          headers: { 'x-conn': 'c' },
          queryParameters: { cq: '1' },
        },
      },
      delivery,
    );
    assert.equal(outcome.ok, true);
    const req = sink.requests.at(-1);
    assert.ok(req);
    assert.equal(req.method, 'GET');
    assert.equal(req.body, '');
    assert.equal(req.url, '/ok?fixed=1&cq=1&q=a+b');
    assert.equal(req.headers['x-target'], 't');
    assert.equal(req.headers['x-conn'], 'c');
    assert.equal(req.headers['x-api-key'], 'secret-key');
    assert.equal(req.headers['content-type'], 'text/plain');
  });

  test('basic auth from the connection', async () => {
    await client.deliver(
      {
        url: `${sink.origin}/ok`,
        connection: { id: 'c2', auth: { type: 'basic', username: 'user', password: 'pa:ss' } },
      },
      delivery,
    );
    const req = sink.requests.at(-1);
    assert.equal(req?.headers.authorization, `Basic ${Buffer.from('user:pa:ss').toString('base64')}`);
  });

  test('body parameters join a JSON object body; any other body, or a GET, fails without retrying', async () => {
    const target = { url: `${sink.origin}/ok`, bodyParameters: { team: 'ops', kind: 'param' } };
    const body = JSON.stringify({ kind: 'event', n: 1 });
    const outcome = await client.deliver(target, { deliveryId: 'd-bp', body });
    assert.equal(outcome.ok, true);
    const req = sink.requests.at(-1);
    assert.deepEqual(JSON.parse(req?.body ?? ''), { kind: 'param', n: 1, team: 'ops' });
    assert.equal(req?.headers['content-length'], String(Buffer.byteLength(req?.body ?? '')));

    const before = sink.requests.length;
    for (const [t, b, message] of [
      [target, '"a string"', /not one/],
      [target, '[1,2]', /not one/],
      [{ ...target, method: 'GET' }, body, /GET request has no body/],
    ] as const) {
      const failed = await client.deliver(t, { deliveryId: 'd-bp2', body: b });
      assertFailure(failed);
      assert.equal(failed.retryable, false);
      assert.equal(failed.errorCode, 'INVALID_TARGET');
      assert.match(failed.errorMessage, message);
    }
    assert.equal(sink.requests.length, before, 'nothing was sent');
  });

  test('the Standard Webhooks signature verifies with the standardwebhooks library', async () => {
    const secret = `whsec_${Buffer.from('a-32-byte-secret-for-the-tests!!').toString('base64')}`;
    const outcome = await client.deliver({ url: `${sink.origin}/ok`, signingSecrets: [secret] }, delivery);
    assert.equal(outcome.ok, true);
    const req = sink.requests.at(-1);
    assert.ok(req);
    assert.equal(req.headers['webhook-id'], 'dlv_01');
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
    assert.deepEqual(new Webhook(secret).verify(req.body, headers), JSON.parse(delivery.body));
    assert.throws(() => new Webhook(secret).verify(`${req.body} `, headers));
  });

  test('every header a target may set reaches the server; the others fail as INVALID_TARGET', async () => {
    const headers = {
      Accept: 'application/json',
      Authorization: 'Bearer static',
      'Cache-Control': 'no-cache',
      Cookie: 'a=1; b=2',
      Date: 'Tue, 01 Jan 2030 00:00:00 GMT',
      Forwarded: 'for=192.0.2.1',
      'If-Match': '"v1"',
      'Max-Forwards': '3',
      Origin: 'https://a.example',
      'Proxy-Authorization': 'Basic eDp5',
      Range: 'bytes=0-9',
      Via: '1.1 edge',
      'X-Empty': '',
      'X-Latin1': 'caf\u00e9',
    };
    assert.equal((await client.deliver({ url: `${sink.origin}/ok`, headers }, delivery)).ok, true);
    const received = sink.requests.at(-1)?.headers;
    for (const [name, value] of Object.entries(headers))
      assert.equal(received?.[name.toLowerCase()], value, name);

    const before = sink.requests.length;
    for (const name of [...RESERVED_HEADERS, ...UNSUPPORTED_HEADERS]) {
      const outcome = await client.deliver({ url: `${sink.origin}/ok`, headers: { [name]: '1' } }, delivery);
      assertFailure(outcome);
      assert.equal(outcome.errorCode, 'INVALID_TARGET', name);
      assert.equal(outcome.retryable, false);
    }
    assert.equal(sink.requests.length, before, 'nothing was sent');
  });

  test('malformed input from the caller is reported, not thrown', async () => {
    const outcome = await client.deliver(
      { url: `${sink.origin}/ok` },
      { deliveryId: 'd', body: 5 as unknown as string },
    );
    assertFailure(outcome);
    assert.equal(outcome.errorCode, 'INTERNAL_ERROR');
  });

  test('an invalid target is reported, not thrown', async () => {
    const strict = new HttpTargetClient({ allowedCidrs: LOOPBACK });
    try {
      const outcome = await strict.deliver({ url: `${sink.origin}/ok` }, delivery);
      assertFailure(outcome);
      assert.equal(outcome.errorCode, 'INVALID_TARGET');
      assert.match(outcome.errorMessage, /must use https:/);
    } finally {
      strict.close();
    }
  });
});

describe('HttpTargetClient SSRF guard', () => {
  let sink: HttpSink;
  before(async () => {
    sink = await startHttpSink();
  });
  after(() => sink.close());

  test('127.0.0.1 is refused unless allowlisted, and nothing reaches the server', async () => {
    const guarded = new HttpTargetClient({ allowPlainHttp: true });
    const open = new HttpTargetClient({ allowPlainHttp: true, allowedCidrs: ['127.0.0.0/8'] });
    try {
      const blocked = await guarded.deliver({ url: `${sink.origin}/x` }, delivery);
      assertFailure(blocked);
      assert.equal(blocked.errorCode, 'SSRF_BLOCKED');
      assert.equal(blocked.retryable, false);
      assert.equal(sink.requests.length, 0);
      const allowed = await open.deliver({ url: `${sink.origin}/x` }, delivery);
      assert.equal(allowed.ok, true);
      assert.equal(sink.requests.length, 1);
    } finally {
      guarded.close();
      open.close();
    }
  });

  test('a DNS name resolving to loopback (localhost) is refused at connect time', async () => {
    const guarded = new HttpTargetClient({ allowPlainHttp: true });
    try {
      const before = sink.requests.length;
      const outcome = await guarded.deliver({ url: `http://localhost:${sink.port}/x` }, delivery);
      assertFailure(outcome);
      assert.equal(outcome.errorCode, 'SSRF_BLOCKED');
      assert.match(outcome.errorMessage, /localhost/);
      assert.equal(sink.requests.length, before);
    } finally {
      guarded.close();
    }
  });

  test('other spellings of loopback are refused too', async () => {
    const guarded = new HttpTargetClient({ allowPlainHttp: true });
    try {
      for (const host of ['[::1]', '[::ffff:127.0.0.1]', '2130706433', '0x7f.1', '0.0.0.0']) {
        const outcome = await guarded.deliver({ url: `http://${host}:${sink.port}/x` }, delivery);
        assertFailure(outcome);
        assert.equal(outcome.errorCode, 'SSRF_BLOCKED', host);
      }
    } finally {
      guarded.close();
    }
  });
});
