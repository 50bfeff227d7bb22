import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { Queue } from 'bullmq';

/**
 * The same-run baseline for bench:ingest: a bare node:http server that does what ingest must do
 * at minimum — read the body, check the GitHub HMAC in constant time, add one BullMQ job — and
 * answer 202. Usage: node raw-ingest-server.js <port> <redisUrl> <prefix> <secret>
 */
const [port, redisUrl, prefix, secret] = process.argv.slice(2) as [string, string, string, string];
const queue = new Queue('baseline', { connection: { url: redisUrl, maxRetriesPerRequest: null }, prefix });

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(body).digest('hex')}`);
    const given = Buffer.from(String(req.headers['x-hub-signature-256'] ?? ''));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      res.writeHead(401).end();
      return;
    }
    queue
      .add(
        'e',
        { id: req.headers['x-github-delivery'], body: body.toString('base64') },
        { removeOnComplete: true },
      )
      .then(
        () => res.writeHead(202, { 'content-type': 'application/json' }).end('{"ok":true}'),
        () => res.writeHead(500).end(),
      );
  });
});
server.keepAliveTimeout = 30_000;
server.listen(Number(port), '127.0.0.1', () => console.log('ready'));
process.on('SIGTERM', () => server.close(() => void queue.close().then(() => process.exit(0))));
