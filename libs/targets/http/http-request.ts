import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import type { SsrfGuard } from './ssrf-guard.js';

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
  readonly headers: http.IncomingHttpHeaders;
  /** At most `maxResponseBytes`. */
  readonly body: Buffer;
}

export interface TransportError {
  readonly kind: 'error';
  readonly error: Error;
}

/** The keep-alive agents a client reuses; `destroy` closes their sockets. */
export interface Agents {
  readonly http: http.Agent;
  readonly https: https.Agent;
}

export function createAgents(): Agents {
  return { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };
}

/** An error whose `code` says what went wrong, in the style of Node's own errors. */
export function codedError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

/**
 * Sends a request through the SSRF guard and resolves with the response or the transport error;
 * never rejects. Literal-IP hosts are checked here because Node skips `lookup` for them; names are
 * checked at connect time by the guard's `lookup`.
 */
export function sendRequest(
  request: OutboundRequest,
  guard: SsrfGuard,
  agents: Agents,
): Promise<InboundResponse | TransportError> {
  const { url } = request;
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  if (isIP(host)) {
    const verdict = guard.check(host);
    if (!verdict.allowed)
      return Promise.resolve({ kind: 'error', error: codedError('SSRF_BLOCKED', verdict.reason) });
  }
  return new Promise((resolve) => {
    let settled = false;
    const settle = (result: InboundResponse | TransportError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const fail = (error: Error) => settle({ kind: 'error', error });
    let req: http.ClientRequest | undefined;
    const timer = setTimeout(() => {
      const error = codedError('TIMEOUT', `no complete response within ${request.timeoutMs} ms`);
      fail(error);
      req?.destroy(error);
    }, request.timeoutMs);
    try {
      const secure = url.protocol === 'https:';
      req = (secure ? https : http).request({
        protocol: url.protocol,
        hostname: host,
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        method: request.method,
        headers: request.headers,
        agent: secure ? agents.https : agents.http,
        // The vetted address is what we connect to; TLS still checks the certificate against `host`.
        lookup: guard.lookup,
      });
    } catch (error) {
      // Invalid header values or methods throw synchronously.
      fail(error as Error);
      return;
    }
    req.on('error', fail);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let kept = 0;
      const done = () =>
        settle({
          kind: 'response',
          statusCode: res.statusCode ?? 0,
          statusMessage: res.statusMessage ?? '',
          headers: res.headers,
          body: Buffer.concat(chunks),
        });
      res.on('data', (chunk: Buffer) => {
        const room = request.maxResponseBytes - kept;
        if (room > 0) {
          chunks.push(chunk.subarray(0, room));
          kept += Math.min(room, chunk.length);
        }
        // Enough seen: stop reading rather than download an arbitrarily large body.
        if (kept >= request.maxResponseBytes) {
          done();
          res.destroy();
        }
      });
      res.on('end', done);
      // The status line arrived, so a body cut short does not change the outcome.
      res.on('error', done);
      res.on('close', done);
    });
    req.end(request.body);
  });
}
