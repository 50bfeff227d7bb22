import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitFor } from './wait-for.js';

export interface SinkRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  receivedAt: number;
}

export interface SinkAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

/**
 * A real HTTP server that records what it receives. `respond` decides each answer (default 200),
 * so tests can make a target fail, throttle or hang; an answer it gives as a promise is sent when
 * the promise resolves (a rejected one is a 500).
 */
export class HttpSink {
  readonly requests: SinkRequest[] = [];
  respond: (req: SinkRequest, index: number) => SinkAnswer | Promise<SinkAnswer> = () => ({ status: 200 });
  private server?: Server;

  get url(): string {
    const addr = this.server?.address() as AddressInfo | undefined;
    if (!addr) throw new Error('sink not started');
    return `http://127.0.0.1:${addr.port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const entry: SinkRequest = {
          method: req.method ?? '',
          url: req.url ?? '',
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          receivedAt: Date.now(),
        };
        const index = this.requests.push(entry) - 1;
        const send = (answer: SinkAnswer) => {
          res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
          res.end(answer.body ?? '{}');
        };
        const answer = this.respond(entry, index);
        if (answer instanceof Promise) void answer.then(send, () => send({ status: 500 }));
        else send(answer);
      });
    });
    this.server.keepAliveTimeout = 1_000;
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return this;
  }

  /** Waits until at least `count` requests have arrived. */
  async waitForRequests(count: number, timeoutMs = 10_000): Promise<SinkRequest[]> {
    await waitFor(
      `${count} request(s) at the sink (have ${this.requests.length})`,
      () => this.requests.length >= count,
      timeoutMs,
    );
    return this.requests;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
