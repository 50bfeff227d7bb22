import { spawn } from 'node:child_process';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { SsrfGuard } from '#libs/targets';
import { HttpTransport } from '../libs/targets/http/http-request.js';
import { median } from './lib/load.js';
import { arg } from './lib/args.js';

/**
 * bench:http-client — CPU per request of the worker's HTTP transport (undici, behind the SSRF
 * guard, with the deadline and body cap of a delivery), against a bare `node:http` keep-alive client
 * sending the same POST in the same run. The endpoint is another process, so the figures are the
 * client's own: its CPU time (user + system) over `--requests` POSTs of a 1.5 KB envelope, 10 in
 * flight, after a warm-up; the two alternate for `--rounds` rounds and the medians are printed, with
 * their ratio. One JSON line. Options: --requests N (20 000), --rounds R (5).
 */
const requests = arg('requests', 20_000);
const rounds = arg('rounds', 5);
const IN_FLIGHT = 10;

const body = Buffer.from(JSON.stringify({ 'detail-type': 'push', detail: { pad: 'x'.repeat(1500) } }));
const headers = {
  'content-type': 'application/json; charset=utf-8',
  'content-length': String(body.length),
  'user-agent': 'Hookbridge/1.0',
  'idempotency-key': '0190f0a0-0000-7000-8000-000000000001',
};

type Send = () => Promise<number>;

function nodeHttpClient(port: number): { send: Send; close: () => void } {
  const agent = new http.Agent({ keepAlive: true });
  const send: Send = () =>
    new Promise((resolve, reject) => {
      const req = http.request(
        { host: '127.0.0.1', port, path: '/sink', method: 'POST', headers, agent },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  return { send, close: () => agent.destroy() };
}

function transportClient(port: number): { send: Send; close: () => Promise<void> } {
  // The sink is on loopback, which the guard refuses unless an operator allows it.
  const transport = new HttpTransport(new SsrfGuard(['127.0.0.0/8']));
  const url = new URL(`http://127.0.0.1:${port}/sink`);
  const send: Send = async () => {
    const r = await transport.send({
      url,
      method: 'POST',
      headers,
      body,
      timeoutMs: 5_000,
      maxResponseBytes: 65_536,
    });
    if (r.kind === 'error') throw r.error;
    return r.statusCode;
  };
  return { send, close: () => transport.close() };
}

/** CPU µs per request over `n` requests, `IN_FLIGHT` at a time. */
async function cpuPerRequest(send: Send, n: number): Promise<number> {
  let issued = 0;
  const start = process.cpuUsage();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (issued++ < n) {
        const status = await send();
        if (status !== 200) throw new Error(`the sink answered ${status}`);
      }
    }),
  );
  const used = process.cpuUsage(start);
  return (used.user + used.system) / n;
}

async function main(): Promise<void> {
  const sink = spawn(
    process.execPath,
    [fileURLToPath(new URL('./baseline/keepalive-sink.js', import.meta.url))],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const port = await new Promise<number>((resolve, reject) => {
    sink.stdout.once('data', (d: Buffer) => resolve(Number(d.toString().trim())));
    sink.once('exit', (code) => reject(new Error(`the sink exited (${code})`)));
  });
  try {
    const transport = transportClient(port);
    const bare = nodeHttpClient(port);
    // Warm-up: JIT, connections.
    await cpuPerRequest(transport.send, 3_000);
    await cpuPerRequest(bare.send, 3_000);
    const ours: number[] = [];
    const baseline: number[] = [];
    for (let r = 0; r < rounds; r++) {
      ours.push(await cpuPerRequest(transport.send, requests));
      baseline.push(await cpuPerRequest(bare.send, requests));
    }
    await transport.close();
    bare.close();
    const round = (x: number) => Math.round(x * 10) / 10;
    console.log(
      JSON.stringify({
        bench: 'http-client',
        requests,
        rounds,
        inFlight: IN_FLIGHT,
        transportCpuUsPerRequest: round(median(ours)),
        baselineNodeHttpCpuUsPerRequest: round(median(baseline)),
        ratioToBaseline: Math.round((median(ours) / median(baseline)) * 100) / 100,
        node: process.version,
      }),
    );
  } finally {
    sink.kill();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
