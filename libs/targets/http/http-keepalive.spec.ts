import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Agent, request as undiciRequest } from 'undici';
import { waitFor } from '#libs/testing';
import {
  HttpTransport,
  type InboundResponse,
  type OutboundRequest,
  type TransportError,
} from './http-request.js';
import { SsrfGuard } from './ssrf-guard.js';

/**
 * A server that sends no keep-alive hint and never closes an idle connection itself (as nginx or an
 * AWS load balancer within their minute or so), so how long a connection lasts is the client's
 * choice; `mode` decides how it treats the requests on each connection.
 */
interface HintlessServer {
  readonly origin: string;
  readonly sockets: Socket[];
  /** Requests received, answered or not. */
  requests: number;
  /**
   * answer: every request. reset-reused / end-reused: answers a connection's first request, and
   * resets (RST) / closes (FIN) the connection under any later one. reset-new: resets the connection
   * under its first request, answers the later ones. reset-all: resets every request's connection.
   */
  mode: 'answer' | 'reset-reused' | 'end-reused' | 'reset-all' | 'reset-new';
  close(): Promise<void>;
}

async function hintlessServer(): Promise<HintlessServer> {
  const sockets: Socket[] = [];
  const served = new WeakMap<Socket, number>();
  const server = http.createServer((req, res) => {
    state.requests += 1;
    const n = (served.get(req.socket) ?? 0) + 1;
    served.set(req.socket, n);
    const { mode } = state;
    if (mode === 'reset-all' || (mode === 'reset-reused' && n > 1) || (mode === 'reset-new' && n === 1))
      return req.socket.resetAndDestroy();
    if (mode === 'end-reused' && n > 1) return req.socket.end();
    req.resume().on('end', () => res.end('ok'));
  });
  // 0: no `Keep-Alive: timeout=N` header, and no idle timeout of the server's own.
  server.keepAliveTimeout = 0;
  server.on('connection', (socket: Socket) => sockets.push(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const state: HintlessServer = {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    sockets,
    requests: 0,
    mode: 'answer',
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  return state;
}

const post = (origin: string, method = 'POST'): OutboundRequest => ({
  url: new URL(`${origin}/hook`),
  method,
  headers: {},
  body: method === 'GET' ? undefined : Buffer.from('{"n":1}'),
  timeoutMs: 5_000,
  maxResponseBytes: 1024,
});

function assertOk(result: InboundResponse | TransportError): void {
  assert.equal(result.kind, 'response', result.kind === 'error' ? result.error.message : '');
  assert.equal((result as InboundResponse).statusCode, 200);
}

describe('HttpTransport keep-alive to a target that sends no hint', () => {
  let server: HintlessServer;
  let resends = 0;
  /** A transport whose repeats are counted in `resends`. */
  const counting = () =>
    new HttpTransport(new SsrfGuard(['127.0.0.0/8']), { onResend: () => (resends += 1) });
  const transport = counting();
  before(async () => {
    server = await hintlessServer();
  });
  after(async () => {
    await transport.close();
    await server.close();
  });

  /**
   * Undici's default as the yardstick: one request by `plain`, an agent with nothing set; the server
   * side of the connection it left open.
   */
  async function plainConnection(plain: Agent): Promise<Socket | undefined> {
    const answer = await undiciRequest(`${server.origin}/plain`, {
      method: 'POST',
      body: 'x',
      dispatcher: plain,
    });
    await answer.body.text();
    return server.sockets.at(-1);
  }

  test('keeps an idle connection past undici’s own 4 s, and reuses it', async () => {
    const plain = new Agent();
    try {
      const plainSocket = await plainConnection(plain);
      assertOk(await transport.send(post(server.origin)));
      const ours = server.sockets.at(-1);
      assert.notEqual(ours, plainSocket);
      await waitFor('undici’s default to close its idle connection', () => plainSocket?.destroyed, 10_000);
      assert.equal(
        ours?.destroyed,
        false,
        'the transport closed its connection as early as undici’s default',
      );
      const before = server.sockets.length;
      assertOk(await transport.send(post(server.origin)));
      assert.equal(server.sockets.length, before, 'the second request opened a new connection');
    } finally {
      await plain.close();
    }
  });

  test('keepAliveMs sets how long an idle connection is kept', async () => {
    const short = new HttpTransport(new SsrfGuard(['127.0.0.0/8']), { keepAliveMs: 300 });
    const plain = new Agent();
    try {
      const plainSocket = await plainConnection(plain);
      const sent = performance.now();
      assertOk(await short.send(post(server.origin)));
      const socket = server.sockets.at(-1);
      await waitFor('the transport to close its idle connection', () => socket?.destroyed, 5_000);
      assert.ok(performance.now() - sent >= 250, 'closed before keepAliveMs');
      assert.equal(plainSocket?.destroyed, false, 'not closed before undici’s default would have');
    } finally {
      await short.close();
      await plain.close();
    }
  });

  /** A transport with two kept connections, so that the next request goes on one of them. */
  async function warmTransport(): Promise<HttpTransport> {
    const own = counting();
    // Two at once: two connections (undici's pool may open a second one for a request sent just
    // after an answer on the first, which a test request must not get).
    for (const result of await Promise.all([1, 2].map(() => own.send(post(server.origin))))) assertOk(result);
    return own;
  }

  /**
   * One request by `own` (closed afterwards) with the server in `mode`: what it returned, and the
   * requests, new connections and repeats it took.
   */
  async function sendIn(own: HttpTransport, mode: HintlessServer['mode'], method = 'POST') {
    server.mode = mode;
    const [requests, sockets, resent] = [server.requests, server.sockets.length, resends];
    try {
      const result = await own.send(post(server.origin, method));
      return {
        result,
        requests: server.requests - requests,
        connections: server.sockets.length - sockets,
        resends: resends - resent,
      };
    } finally {
      server.mode = 'answer';
      await own.close();
    }
  }

  function assertLost(result: InboundResponse | TransportError): void {
    assert.equal(result.kind, 'error');
    assert.equal(((result as TransportError).error as Error & { code?: string }).code, 'ECONNRESET');
  }

  test('a request whose kept connection is reset or closed before any answer is made again on a new one', async () => {
    for (const mode of ['reset-reused', 'end-reused'] as const) {
      const sent = await sendIn(await warmTransport(), mode);
      assertOk(sent.result);
      assert.deepEqual(
        [sent.requests, sent.connections, sent.resends],
        [2, 1, 1],
        `${mode}: the lost request and its repeat, on a new connection`,
      );
    }
  });

  test('a request that fails so on a new connection is not made again', async () => {
    const own = counting();
    const sent = await sendIn(own, 'reset-new');
    assertLost(sent.result);
    assert.deepEqual([sent.requests, sent.resends], [1, 0]);
  });

  test('the repeat is made once, on a new connection though kept ones are idle; its failure is final', async () => {
    const sent = await sendIn(await warmTransport(), 'reset-all');
    assertLost(sent.result);
    assert.deepEqual(
      [sent.requests, sent.connections, sent.resends],
      [2, 1, 1],
      'the request and one repeat',
    );
  });

  test('a request without a body is not made again (its connection cannot be told)', async () => {
    const sent = await sendIn(await warmTransport(), 'reset-reused', 'GET');
    assertLost(sent.result);
    assert.deepEqual([sent.requests, sent.resends], [1, 0]);
  });
});
