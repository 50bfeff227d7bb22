import { connect, type Socket } from 'node:net';

// HTTP/1.1 by hand over a TCP socket, for what Node's own HTTP client will not do: send bytes it
// refuses to produce, lie about a body's length, write slowly, or keep a request half sent.

/** What came back on a raw connection: the status line's code, the headers and the body text. */
export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Writes `bytes` as they are to the server and reads until it closes the connection (or the
 * deadline passes): for requests Node's own HTTP client refuses to produce. Send
 * `Connection: close` so that a well-formed request ends too.
 */
export function rawRequest(port: number, bytes: Buffer, timeoutMs = 5_000): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(
        new Error(
          `no complete answer within ${timeoutMs} ms to ${JSON.stringify(bytes.toString('latin1').slice(0, 120))}`,
        ),
      );
    }, timeoutMs);
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', () => undefined); // the server may reset after answering; what it sent is read on close
    socket.on('close', () => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      const [statusLine = '', ...lines] = (end === -1 ? text : text.slice(0, end)).split('\r\n');
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? NaN);
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(':');
        if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      resolve({
        status,
        headers,
        body: end === -1 ? '' : Buffer.from(text.slice(end + 4), 'latin1').toString('utf8'),
      });
    });
    // Written without a half-close: Node's server aborts a request whose client has already sent
    // FIN before the answer is ready, which would make the outcome a race. `Connection: close` (or
    // the parse error) makes the server close the connection once it has answered.
    socket.write(bytes);
  });
}

/** What came back from an `exchange`: the parsed answer, and whether and when the server closed. */
export interface ExchangeAnswer {
  status: number;
  /** The status line and headers, as one text. */
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
export function exchange(
  port: number,
  drive: (socket: Socket) => void,
  timeoutMs = 10_000,
): Promise<ExchangeAnswer> {
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
export function flood(socket: Socket, chunk: Buffer, max: number, onDone: () => void): void {
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
export function dribble(socket: Socket, text: string, everyMs: number): void {
  let i = 0;
  const timer = setInterval(() => {
    if (socket.destroyed || i >= text.length) clearInterval(timer);
    else socket.write(text[i++] as string);
  }, everyMs);
  socket.once('close', () => clearInterval(timer));
}

/**
 * Reads one HTTP answer from a raw socket (it may stay open): status, the status line and headers
 * as one text, and the body text.
 */
export const readAnswer = (socket: Socket) =>
  new Promise<{ status: number; head: string; body: string }>((resolve, reject) => {
    let text = '';
    socket.on('data', (d: Buffer) => {
      text += d.toString('utf8');
      const [head = '', body = ''] = text.split('\r\n\r\n', 2);
      const length = Number(/content-length: (\d+)/i.exec(head)?.[1] ?? -1);
      if (length >= 0 && Buffer.byteLength(body) >= length)
        resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]), head, body });
    });
    socket.once('error', reject);
    socket.once('close', () => reject(new Error(`closed before a full answer: ${JSON.stringify(text)}`)));
  });

/** Whether a new TCP connection to `base` is refused. */
export const refused = (base: string) =>
  new Promise<boolean>((resolve) => {
    const url = new URL(base);
    const socket = connect(Number(url.port), url.hostname);
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ECONNREFUSED'));
  });
