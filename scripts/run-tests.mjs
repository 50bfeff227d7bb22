#!/usr/bin/env node
// Runs every compiled spec (unit `*.spec.ts` beside the code, e2e/system specs under test/) with
// Node's own test runner. Only specs whose TypeScript source still exists are run, so a stale file
// left in dist/ by a deleted source can never pass or fail a build.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const dist = join(root, 'dist');
const filters = process.argv.slice(2);

function* walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else yield path;
  }
}

const specs = [...walk(dist)]
  .filter((f) => /[.-]spec\.js$/.test(f))
  .filter((f) => existsSync(join(root, relative(dist, f)).replace(/\.js$/, '.ts')))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();

if (specs.length === 0) {
  console.error('no spec files found under dist/ (did the build run?)');
  process.exit(1);
}
// One file at a time by default: several specs assert latency and rates, which a neighbouring file
// competing for the same two cores would distort. TEST_CONCURRENCY=2 runs faster for development.
const concurrency = process.env.TEST_CONCURRENCY ?? '1';
const args = ['--enable-source-maps', '--test', `--test-concurrency=${concurrency}`, ...specs];
const result = spawnSync(process.execPath, args, { stdio: 'inherit', cwd: root });
process.exit(result.status ?? 1);
