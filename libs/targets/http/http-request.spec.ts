import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import https from 'node:https';
import net, { type AddressInfo, type Server, type Socket } from 'node:net';
import { waitFor } from '#libs/testing';
import { LOCALHOST_TLS } from '../testing/localhost-tls.js';
import {
  HttpTransport,
  type InboundResponse,
  type OutboundRequest,
  type TransportError,
} from './http-request.js';
import { classifyNetworkError } from './network-errors.js';
import { SsrfGuard } from './ssrf-guard.js';

/** A local server that counts connections and tells which of them are still open. */
interface CountingServer {
  readonly origin: string;
  readonly port: number;
  readonly sockets: Socket[];
  close(): Promise<void>;
}

async function listen(server: Server, scheme = 'http'): Promise<CountingServer> {
  const sockets: Socket[] = [];
  server.on(scheme === 'https' ? 'secureConnection' : 'connection', (socket: Socket) => sockets.push(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `${scheme}://127.0.0.1:${port}`,
    port,
    sockets,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

const request = (url: string, extra: Partial<OutboundRequest> = {}): OutboundRequest => ({
  url: new URL(url),
  method: 'POST',
  headers: {},
  timeoutMs: 5_000,
  maxResponseBytes: 1024,
  ...extra,
});

function assertResponse(result: InboundResponse | TransportError): asserts result is InboundResponse {
  assert.equal(result.kind, 'response', result.kind === 'error' ? result.error.message : '');
}

function errorOf(result: InboundResponse | TransportError): Error & { code?: string } {
  assert.equal(
    result.kind,
    'error',
    `expected an error, got HTTP ${'statusCode' in result && result.statusCode}`,
  );
  return (result as TransportError).error;
}

describe('HttpTransport against local servers', () => {
  const transport = new HttpTransport(new SsrfGuard(['127.0.0.0/8']));
  let server: CountingServer;
  /** The server side of the connection each path was last asked on. */
  const socketFor = new Map<string, Socket>();
  /** Bytes of body the /endless answer wrote before the client went away. */
  let endlessWritten = 0;
  const ENDLESS_BYTES = 256 * 1024 * 1024;
  before(async () => {
    const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
      const path = req.url ?? '';
      socketFor.set(path, req.socket);
      if (path === '/reason') return res.writeHead(503, 'Gone Fishing').end('later');
      if (path === '/hang') return;
      if (path === '/hangup') return req.socket.end();
      if (path === '/reset') return req.socket.resetAndDestroy();
      if (path === '/early-hints') {
        res.writeEarlyHints({ link: '</style.css>; rel=preload' });
        return res.end('final');
      }
      if (path === '/cut') {
        res.writeHead(200, { 'content-length': '1000' });
        res.write('0123456789');
        return setImmediate(() => req.socket.destroy());
      }
      if (path === '/endless') {
        // Streams a declared 256 MiB body, as fast as the client reads it, until it goes away.
        res.writeHead(200, { 'content-length': String(ENDLESS_BYTES) });
        const chunk = Buffer.alloc(64 * 1024, 'x');
        const pump = () => {
          while (!res.destroyed && endlessWritten < ENDLESS_BYTES) {
            endlessWritten += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
        };
        return pump();
      }
      if (path === '/repeats') {
        // Raw lines, so that the repeated headers reach the wire as written.
        return req.socket.end(
          'HTTP/1.1 429 Too Many Requests\r\nretry-after: 7\r\nretry-after: 9\r\nset-cookie: a=1\r\n' +
            'set-cookie: b=2\r\nx-multi: one\r\nx-multi: two\r\ncontent-length: 0\r\nconnection: close\r\n\r\n',
        );
      }
      res.setHeader('x-method', req.method ?? '');
      res.setHeader('x-content-length', req.headers['content-length'] ?? 'none');
      res.setHeader('x-transfer-encoding', req.headers['transfer-encoding'] ?? 'none');
      req.resume().on('end', () => res.end('ok'));
    };
    server = await listen(http.createServer(handler));
  });
  after(async () => {
    await transport.close();
    await server.close();
  });

  test('keeps the status message', async () => {
    const result = await transport.send(request(`${server.origin}/reason`));
    assertResponse(result);
    assert.equal(result.statusCode, 503);
    assert.equal(result.statusMessage, 'Gone Fishing');
    assert.equal(result.body.toString(), 'later');
  });

  test('sequential requests reuse keep-alive connections', async () => {
    const own = new HttpTransport(new SsrfGuard(['127.0.0.0/8']));
    try {
      const before = server.sockets.length;
      for (let i = 0; i < 10; i += 1) assertResponse(await own.send(request(`${server.origin}/echo`)));
      // Undici's pool opens a second connection when the next request comes before the first
      // connection has reported itself free; from then on both are reused.
      const opened = server.sockets.length - before;
      assert.ok(opened >= 1 && opened <= 2, `${opened} connections for 10 requests`);
    } finally {
      await own.close();
    }
  });

  test('a body with content-length, and none for a GET', async () => {
    const post = await transport.send(request(`${server.origin}/echo`, { body: Buffer.from('{"a":1}') }));
    assertResponse(post);
    assert.equal(post.headers['x-content-length'], '7');
    assert.equal(post.headers['x-transfer-encoding'], 'none');
    const get = await transport.send(request(`${server.origin}/echo`, { method: 'GET' }));
    assertResponse(get);
    assert.equal(get.headers['x-method'], 'GET');
    assert.equal(get.headers['x-content-length'], 'none');
    assert.equal(get.headers['x-transfer-encoding'], 'none');
  });

  test('repeated response headers are folded as node:http folds them', async () => {
    const result = await transport.send(request(`${server.origin}/repeats`));
    assertResponse(result);
    assert.equal(result.headers['retry-after'], '7');
    assert.deepEqual(result.headers['set-cookie'], ['a=1', 'b=2']);
    assert.equal(result.headers['x-multi'], 'one, two');
  });

  test('a 1xx answer is passed over for the final response', async () => {
    const result = await transport.send(request(`${server.origin}/early-hints`));
    assertResponse(result);
    assert.equal(result.statusCode, 200);
    assert.equal(result.body.toString(), 'final');
  });

  test('keeps maxResponseBytes of a large body and drops the connection instead of reading on', async () => {
    const result = await transport.send(request(`${server.origin}/endless`, { maxResponseBytes: 100_000 }));
    assertResponse(result);
    assert.equal(result.statusCode, 200);
    assert.deepEqual(result.body, Buffer.alloc(100_000, 'x'));
    const socket = socketFor.get('/endless');
    await waitFor('the server to see the connection closed', () => socket?.destroyed);
    assert.ok(endlessWritten < ENDLESS_BYTES / 4, `the server wrote ${endlessWritten} bytes`);
  });

  test('a body cut short after the status line still yields the response', async () => {
    const result = await transport.send(request(`${server.origin}/cut`));
    assertResponse(result);
    assert.equal(result.statusCode, 200);
    assert.equal(result.body.toString(), '0123456789');
  });

  test('a server that never answers times out at the deadline and loses the connection', async () => {
    const result = await transport.send(request(`${server.origin}/hang`, { timeoutMs: 200 }));
    const error = errorOf(result);
    assert.equal(error.code, 'TIMEOUT');
    assert.equal(error.message, 'no complete response within 200 ms');
    const socket = socketFor.get('/hang');
    await waitFor('the server to see the connection closed', () => socket?.destroyed);
  });

  test('a connection closed before any answer is ECONNRESET, whether by FIN or by RST', async () => {
    for (const path of ['/hangup', '/reset']) {
      const failure = classifyNetworkError(errorOf(await transport.send(request(`${server.origin}${path}`))));
      assert.equal(failure.errorCode, 'ECONNRESET', path);
      assert.equal(failure.retryable, true);
    }
  });

  test('invalid header values and methods are transport errors, not exceptions', async () => {
    const cases: Partial<OutboundRequest>[] = [
      { headers: { 'x-bad': 'line\nbreak' } },
      { headers: { 'bad name': 'x' } },
      { method: 'BAD METHOD' },
      { headers: { expect: '100-continue' } },
    ];
    for (const extra of cases) {
      const failure = classifyNetworkError(
        errorOf(await transport.send(request(`${server.origin}/x`, extra))),
      );
      assert.equal(failure.errorCode, 'INVALID_REQUEST', JSON.stringify(extra));
      assert.equal(failure.retryable, false);
    }
  });

  test('close() closes the idle keep-alive connections', async () => {
    const own = new HttpTransport(new SsrfGuard(['127.0.0.0/8']));
    assertResponse(await own.send(request(`${server.origin}/own`)));
    const socket = socketFor.get('/own');
    assert.equal(socket?.destroyed, false);
    await own.close();
    await waitFor('the server to see the connection closed', () => socket?.destroyed);
  });
});

describe('HttpTransport SSRF guard and TLS', () => {
  let plain: CountingServer;
  let tls: CountingServer;
  /** Accepts connections and never says a word, so a TLS handshake with it never finishes. */
  let silent: CountingServer;
  /** The server name each TLS client asked for (SNI). */
  const serverNames: string[] = [];
  before(async () => {
    plain = await listen(http.createServer((_req, res) => res.end('ok')));
    const secure = https.createServer(
      {
        ...LOCALHOST_TLS,
        SNICallback: (name, done) => {
          serverNames.push(name);
          done(null);
        },
      },
      (_req, res) => res.end('ok'),
    );
    tls = await listen(secure, 'https');
    silent = await listen(net.createServer());
  });
  after(async () => {
    await Promise.all([plain.close(), tls.close(), silent.close()]);
  });

  test('a name that resolves to a blocked address is refused at connect time', async () => {
    const guarded = new HttpTransport(new SsrfGuard());
    try {
      const error = errorOf(await guarded.send(request(`http://localhost:${plain.port}/`)));
      assert.equal(error.code, 'SSRF_BLOCKED');
      assert.match(error.message, /localhost/);
      assert.equal(plain.sockets.length, 0, 'nothing connected');
    } finally {
      await guarded.close();
    }
  });

  test('https verifies the certificate against the host name the URL gives', async () => {
    const transport = new HttpTransport(new SsrfGuard(['127.0.0.0/8']));
    try {
      const error = errorOf(await transport.send(request(`https://localhost:${tls.port}/`)));
      const failure = classifyNetworkError(error);
      // The certificate is self-signed, so verification refuses it; the name asked for is the URL's.
      assert.equal(failure.errorCode, 'TLS_ERROR', error.message);
      assert.match(failure.errorMessage, /SELF_SIGNED/);
      assert.deepEqual(serverNames, ['localhost']);
    } finally {
      await transport.close();
    }
  });

  test('the deadline covers the TLS handshake too', async () => {
    const transport = new HttpTransport(new SsrfGuard(['127.0.0.0/8']));
    try {
      const started = Date.now();
      const error = errorOf(
        await transport.send(request(`https://127.0.0.1:${silent.port}/`, { timeoutMs: 200 })),
      );
      assert.equal(error.code, 'TIMEOUT');
      assert.equal(error.message, 'no complete response within 200 ms');
      assert.ok(Date.now() - started < 3_000);
      assert.equal(silent.sockets.length, 1);
    } finally {
      await transport.close();
    }
  });
});
