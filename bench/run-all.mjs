#!/usr/bin/env node
// `npm run bench`: runs the quick benchmarks in sequence (each prints one JSON line) and writes
// them together to bench/results/latest.json. Run after `npm run build`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';

const root = new URL('..', import.meta.url).pathname;
const benches = ['ingest', 'deliver', 'fanout', 'overload', 'match', 'http-client'].filter((b) =>
  existsSync(`${root}dist/bench/${b}.bench.js`),
);
const results = {};
for (const name of benches) {
  const run = spawnSync(process.execPath, [`${root}dist/bench/${name}.bench.js`], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = run.stdout.trim().split('\n').pop() ?? '';
  process.stdout.write(`${line}\n`);
  if (run.status !== 0) {
    console.error(`bench:${name} failed (exit ${run.status})`);
    process.exit(1);
  }
  results[name] = JSON.parse(line);
}
mkdirSync(`${root}bench/results`, { recursive: true });
const out = {
  at: new Date().toISOString(),
  node: process.version,
  cpus: cpus().length,
  cpu: cpus()[0]?.model,
  results,
};
writeFileSync(`${root}bench/results/latest.json`, `${JSON.stringify(out, null, 2)}\n`);
