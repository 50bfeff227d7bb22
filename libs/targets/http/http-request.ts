import type { IncomingHttpHeaders } from 'node:http';
import { isIP } from 'node:net';
import { Agent, type Dispatcher } from 'undici';
import { watchConnectionReuse } from './connection-reuse.js';
import { codedError } from './network-errors.js';
import type { SsrfGuard } from './ssrf-guard.js';
import { nodeStyleError, nodeStyleHeaders } from './undici-node-compat.js';

/** One outbound request, already fully built. */
export interface OutboundRequest {
  readonly url: URL;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: Buffer;
  /** Deadline for the whole exchange: DNS, connect, TLS, request and reading the (capped) body. */
  readonly timeoutMs: number;
  /** Bytes of response body kept; the rest is discarded unread. */
  readonly maxResponseBytes: number;
}

export interface InboundResponse {
  readonly kind: 'response';
  readonly statusCode: number;
  readonly statusMessage: string;
  /** Lower-case names; repeated headers folded as node:http folds them. */
  readonly headers: IncomingHttpHeaders;
  /** At most `maxResponseBytes`. */
  readonly body: Buffer;
}

export interface HttpTransportOptions {
  /**
   * How long a connection to a target that sends no `Keep-Alive: timeout=N` hint stays open while
   * idle (a hint wins: its N less a second). Default {@link DEFAULT_KEEPALIVE_MS}.
   */
  readonly keepAliveMs?: number;
  /** Called each time a request is made again because its kept connection was lost (see HttpTransport). */
  readonly onResend?: () => void;
}

/**
 * Undici's own default is 4 s, which servers that send no hint (nginx, AWS's load balancers,
 * Go's net/http) outlast by far: webhooks more than 4 s apart — most partners' traffic — each paid a
 * new TCP connection and TLS handshake. A minute is below those servers' idle timeouts (nginx 75 s,
 * ALB 60 s by default) and well below the 4–6 min after which cloud NATs drop an idle flow.
 */
export const DEFAULT_KEEPALIVE_MS = 60_000;

/** Errors by which a connection is lost before any answer: closed (FIN) or reset (RST) under the request. */
const CONNECTION_LOST = new Set(['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE']);

export interface TransportError {
  readonly kind: 'error';
  /** Coded as Node's own errors are (`ECONNREFUSED`, `TIMEOUT`, `SSRF_BLOCKED`…). */
  readonly error: Error;
}

/**
 * Sends requests over keep-alive connections (undici's per-origin pools, for `http:` and `https:`
 * alike) whose every address passes the SSRF guard. One per client; `close` it on shutdown.
 *
 * Undici cannot cancel a connection attempt: a request whose deadline passes while its socket is
 * still connecting stays queued until the connect ends. So connect attempts get a timeout just past
 * the deadline of the requests they serve — one agent per whole second of deadline (a target's
 * `timeoutMs` is at most a minute, and most targets share the default) — and an attempt left behind
 * by a black-holed endpoint ends within two seconds of its request's deadline, instead of holding a
 * socket for the longest deadline any target may have.
 *
 * A server may close an idle connection just as a request is written on it: the request then fails
 * before any answer (ECONNRESET), through no fault of the target (undici first reads whatever the
 * socket already holds, so a close that arrived earlier is seen, but not one still on its way).
 * A request that fails so on a connection that had carried a request before is made again, once
 * and at once, within its deadline — what Go's net/http does for a request on a reused connection
 * that carries an `Idempotency-Key`, as every delivery does. Undici writes the repeat on a new
 * connection (the pool's client that lost its socket opens another). The repeat carries the same
 * key; a server that did take the first one before closing sees it twice, which at-least-once
 * delivery allows. A request that fails so on a new connection is not repeated: the target is what
 * closed it. Requests without a body (GET, HEAD) are never repeated, as the transport cannot tell
 * which connection they were written on.
 */
export class HttpTransport {
  private readonly agents = new Map<number, Agent>();
  private closed = false;
  private readonly keepAliveMs: number;

  constructor(
    private readonly guard: SsrfGuard,
    private readonly options: HttpTransportOptions = {},
  ) {
    this.keepAliveMs = options.keepAliveMs ?? DEFAULT_KEEPALIVE_MS;
  }

  private agentFor(timeoutMs: number): Agent {
    const seconds = Math.ceil(timeoutMs / 1000);
    let agent = this.agents.get(seconds);
    if (!agent) {
      agent = new Agent({
        // Names are resolved and vetted when a socket connects, so a name that later resolves to a
        // private address (DNS rebinding) is still refused. TLS verifies the certificate against
        // the host name, which undici passes as `servername` although the socket dials the address.
        // A second more than the deadline, so that the deadline (TIMEOUT) decides, not the connect.
        connect: { lookup: this.guard.lookup, timeout: (seconds + 1) * 1000 },
        // Each request's own deadline covers the headers and the body; undici's timers would end
        // a slow exchange first, with errors of their own.
        headersTimeout: 0,
        bodyTimeout: 0,
        keepAliveTimeout: this.keepAliveMs,
      });
      this.agents.set(seconds, agent);
    }
    return agent;
  }

  /**
   * Sends a request and resolves with the response or the transport error; never rejects.
   * Literal-IP hosts are checked here because Node skips `lookup` for them; names are checked at
   * connect time by the guard's `lookup`.
   */
  send(request: OutboundRequest): Promise<InboundResponse | TransportError> {
    const { url } = request;
    const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
    if (this.closed)
      return Promise.resolve({ kind: 'error', error: codedError('ECONNRESET', 'the HTTP client is closed') });
    if (isIP(host)) {
      const verdict = this.guard.check(host);
      if (!verdict.allowed)
        return Promise.resolve({ kind: 'error', error: codedError('SSRF_BLOCKED', verdict.reason) });
    }
    return new Promise((resolve) => {
      const agent = this.agentFor(request.timeoutMs);
      const options: Dispatcher.DispatchOptions = {
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method: request.method,
        headers: request.headers,
        body: request.body,
      };
      const dispatch = (exchange: Exchange, again: boolean) => {
        if (again) {
          if (this.closed) return exchange.fail(codedError('ECONNRESET', 'the HTTP client is closed'));
          this.options.onResend?.();
        }
        try {
          // Undici reports invalid headers and methods through the handler; this is a backstop.
          agent.dispatch(options, exchange);
        } catch (error) {
          exchange.fail(error as Error);
        }
      };
      // Again only once undici is done with the connection it lost (it tells the handler first).
      const again = (exchange: Exchange) => queueMicrotask(() => dispatch(exchange, true));
      dispatch(new Exchange(request, resolve, again), false);
    });
  }

  /** Closes every connection; requests still in flight fail with `ECONNRESET`. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.agents.values()].map((agent) => agent.destroy()));
  }
}

/**
 * One request as undici's dispatch handler: enforces the deadline, keeps at most
 * `maxResponseBytes` of the body and resolves exactly once. Undici's lowest-level API, chosen
 * because it hands over the status message and body chunks without building a stream per response.
 */
class Exchange implements Dispatcher.DispatchHandler {
  private controller: Dispatcher.DispatchController | undefined;
  private status: { code: number; message: string; headers: IncomingHttpHeaders } | undefined;
  private readonly chunks: Buffer[] = [];
  private kept = 0;
  private settled = false;
  private readonly timer: NodeJS.Timeout;
  /** Whether the request was last written on a connection that had carried a request before. */
  private reused = false;
  private resent = false;

  constructor(
    private readonly request: OutboundRequest,
    private readonly resolve: (result: InboundResponse | TransportError) => void,
    private readonly sendAgain: (exchange: Exchange) => void,
  ) {
    this.timer = setTimeout(() => this.onDeadline(), request.timeoutMs);
    if (request.body) watchConnectionReuse(request.body, (reused) => (this.reused = reused));
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    // The deadline passed while the request waited for a connection; it can be dropped only now.
    if (this.settled) controller.abort(codedError('TIMEOUT', 'deadline passed before sending'));
  }

  onResponseStart(
    _controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: Record<string, string | string[] | undefined>,
    statusMessage?: string,
  ): void {
    // A 1xx is informational: the final response follows on the same exchange.
    if (statusCode < 200) return;
    this.status = { code: statusCode, message: statusMessage ?? '', headers: nodeStyleHeaders(headers) };
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    const room = this.request.maxResponseBytes - this.kept;
    if (room > 0) {
      this.chunks.push(room >= chunk.length ? chunk : chunk.subarray(0, room));
      this.kept += Math.min(room, chunk.length);
    }
    if (this.kept < this.request.maxResponseBytes) return;
    // Enough seen: drop the connection rather than download an arbitrarily large body. Pausing
    // makes undici stop parsing what it already read from the socket.
    this.respond();
    controller.pause();
    controller.abort(codedError('RESPONSE_CAPPED', `kept the first ${this.kept} bytes of the body`));
  }

  onResponseEnd(): void {
    this.respond();
  }

  /** Called without a controller when the request was refused before it started. */
  onResponseError(_controller: Dispatcher.DispatchController | undefined, error: Error): void {
    // The status line arrived, so a body cut short does not change the outcome.
    if (this.status) this.respond();
    else if (this.lostKeptConnection(error)) this.again();
    else this.fail(nodeStyleError(error));
  }

  private lostKeptConnection(error: Error): boolean {
    const code = (error as { code?: unknown }).code;
    return (
      this.reused && !this.settled && !this.resent && typeof code === 'string' && CONNECTION_LOST.has(code)
    );
  }

  /** Makes the request again, on another connection (see HttpTransport). */
  private again(): void {
    this.resent = true;
    this.reused = false;
    this.controller = undefined;
    this.chunks.length = 0;
    this.kept = 0;
    this.sendAgain(this);
  }

  fail(error: Error): void {
    this.settle({ kind: 'error', error });
  }

  private respond(): void {
    if (!this.status) return;
    const { code, message, headers } = this.status;
    const body = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks);
    this.settle({ kind: 'response', statusCode: code, statusMessage: message, headers, body });
  }

  private onDeadline(): void {
    const error = codedError('TIMEOUT', `no complete response within ${this.request.timeoutMs} ms`);
    this.fail(error);
    this.controller?.abort(error);
  }

  private settle(result: InboundResponse | TransportError): void {
    if (this.settled) return;
    this.settled = true;
    clearTimeout(this.timer);
    this.resolve(result);
  }
}
