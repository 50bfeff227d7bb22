import { connect } from 'node:net';

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
