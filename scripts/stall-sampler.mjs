// Samples a running benchmark every 250 ms, to catch a stall in the act (see bench/README.md,
// bench:soak): the round trip of the gateway's /health/live, the PostgreSQL backends of the
// benchmarks' databases (hb_*) that are waiting on something other than their client, and the load
// average. Start it after the benchmark (it finds the gateway by its process); it writes one JSON
// line per sample to the file given (default stall-samples.jsonl) and stops when the gateway does.
//   node scripts/stall-sampler.mjs /tmp/samples.jsonl
import { execFileSync } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';

const out = createWriteStream(process.argv[2] ?? 'stall-samples.jsonl');
const databaseUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** The port of a listening node process whose command line names the gateway. */
function gatewayPort() {
  const listening = execFileSync('ss', ['-ltnpH'], { encoding: 'utf8' });
  for (const m of listening.matchAll(/127\.0\.0\.1:(\d+)\s.*pid=(\d+)/g)) {
    const cmdline = readFileSync(`/proc/${m[2]}/cmdline`, 'utf8');
    if (cmdline.includes('apps/gateway/src/main.js')) return Number(m[1]);
  }
  return undefined;
}

/** Milliseconds for GET /health/live, or undefined when the gateway no longer answers. */
function healthRoundTrip(port, agent) {
  const started = performance.now();
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/health/live', agent, timeout: 5_000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(Math.round((performance.now() - started) * 10) / 10));
    });
    req.on('error', () => resolve(undefined));
    req.on('timeout', () => req.destroy());
  });
}

let port = gatewayPort();
while (port === undefined) {
  await sleep(1_000);
  port = gatewayPort();
}
console.error(`sampling the gateway on port ${port}`);
const db = new pg.Client({ connectionString: databaseUrl });
await db.connect();
const agent = new http.Agent({ keepAlive: true });
for (;;) {
  const at = Date.now();
  const healthMs = await healthRoundTrip(port, agent);
  if (healthMs === undefined) break;
  const { rows } = await db.query(
    `SELECT wait_event_type || '/' || wait_event AS wait, left(regexp_replace(query, '\\s+', ' ', 'g'), 40) AS query,
            round(extract(epoch FROM now() - query_start) * 1000) AS age_ms
       FROM pg_stat_activity
      WHERE datname LIKE 'hb_%' AND state = 'active' AND wait_event_type IS NOT NULL AND wait_event_type <> 'Client'`,
  );
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
  out.write(`${JSON.stringify({ at, healthMs, load, waiting: rows })}\n`);
  await sleep(250);
}
await db.end();
out.end();
