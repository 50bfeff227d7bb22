import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hmacSignature, waitFor } from '#libs/testing';
import { ProcessHarness, setupPipeline } from '../test/support/processes-harness.js';
import { type RequestSpec, saturate, steady } from './lib/load.js';

/**
 * bench:overload — measures the saturation rate, then offers 3× that for `--seconds` (default 10):
 * the share of 429s (and that each carries Retry-After), timeouts/errors, the peak RSS of the
 * gateway and worker processes, and whether every accepted event was delivered afterwards.
 */
const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
};
const seconds = arg('seconds', 10);
const drainSeconds = arg('drain', 240);

const peakRssMb = (pid: number | undefined): number => {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
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
    const sat = await saturate(h.base, next, 50, 4);
    const rate = Math.max(100, sat.acceptedPerSecond * 3);
    // Retry-After is checked on a sample of 429s after the run (the load client only counts statuses).
    const over = await steady(h.base, next, rate, seconds, 0);
    const shed = await fetch(`${h.base}${path}`, { method: 'POST', headers: next().headers, body: '{}' });
    const accepted = (sat.statuses['202'] ?? 0) + (over.statuses['202'] ?? 0);
    const drained = await waitFor(
      'every accepted event delivered',
      () => received >= accepted,
      drainSeconds * 1000,
    ).then(
      () => true,
      () => false,
    );
    const total = over.sent;
    console.log(
      JSON.stringify({
        bench: 'overload',
        saturationPerSecond: sat.acceptedPerSecond,
        offeredPerSecond: rate,
        seconds,
        statuses: over.statuses,
        share429: Math.round(((over.statuses['429'] ?? 0) / Math.max(1, total)) * 1000) / 1000,
        errorsOrTimeouts: over.errors,
        retryAfterOn429: shed.status === 429 ? shed.headers.get('retry-after') : 'not shedding at the end',
        peakRssMb: { gateway: peakRssMb(h.procs[0]?.pid), worker: peakRssMb(worker.pid) },
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
