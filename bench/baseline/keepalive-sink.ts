import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The endpoint bench:http-client sends to, in a process of its own so that only the client's CPU is
 * counted: reads each request's body and answers 200 over keep-alive. Prints its port, then serves
 * until killed.
 */
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => res.writeHead(200).end());
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => console.log((server.address() as AddressInfo).port));
