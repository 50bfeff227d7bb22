import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hmacSignature, waitFor } from '#libs/testing';
import { ProcessHarness, setupPipeline } from '../test/support/processes-harness.js';
import { type RequestSpec, saturate, steady } from './lib/load.js';

/**
 * bench:soak (run by hand; not part of `npm run bench`) — measures the saturation rate, then runs at
 * half of it for `--seconds` (default 600), in windows of `--window` seconds (30): per window the
 * 202's p99 and the RSS of the gateway and the worker. One JSON line; also whether every accepted
 * event was delivered at the end.
 */
const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
};
const seconds = arg('seconds', 600);
const windowSeconds = arg('window', 30);

const rssMb = (pid: number | undefined): number => {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : -1;
};

async function main(): Promise<void> {
  let received = 0;
  const sink = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received++;
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => sink.listen(0, '127.0.0.1', r));
  const h = await new ProcessHarness().start({ LOG_LEVEL: 'warn' });
  const worker = h.spawn('worker');
  try {
    const p = await setupPipeline(h, `http://127.0.0.1:${(sink.address() as AddressInfo).port}/s`);
    const path = new URL(p.ingestUrl).pathname;
    let n = 0;
    const next = (): RequestSpec => {
      const body = JSON.stringify({ n: n++, pad: 'x'.repeat(800) });
      return {
        path,
        body,
        headers: { 'content-type': 'application/json', 'x-signature': hmacSignature(p.secret, body) },
      };
    };
    const sat = await saturate(h.base, next, 50, 5);
    const rate = Math.max(10, Math.round(sat.acceptedPerSecond / 2));
    let accepted = sat.statuses['202'] ?? 0;
    const windows: Array<{
      at: number;
      p99Ms: number;
      gatewayRssMb: number;
      workerRssMb: number;
      backlog: number;
    }> = [];
    for (let t = 0; t < seconds; t += windowSeconds) {
      const w = await steady(h.base, next, rate, windowSeconds, 0);
      accepted += w.statuses['202'] ?? 0;
      windows.push({
        at: t + windowSeconds,
        p99Ms: w.p99Ms,
        gatewayRssMb: rssMb(h.procs[0]?.pid),
        workerRssMb: rssMb(worker.pid),
        backlog: accepted - received,
      });
    }
    const drained = await waitFor('every accepted event delivered', () => received >= accepted, 600_000).then(
      () => true,
      () => false,
    );
    console.log(
      JSON.stringify({
        bench: 'soak',
        saturationPerSecond: sat.acceptedPerSecond,
        rate,
        seconds,
        windows,
        accepted,
        delivered: received,
        allAcceptedDelivered: drained,
        node: process.version,
      }),
    );
  } finally {
    await h.close();
    sink.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
