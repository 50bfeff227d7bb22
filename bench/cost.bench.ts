import { readdirSync, readFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import pg from 'pg';
import { TEST_REDIS_URL, waitFor } from '#libs/testing';
import { saturate, steady } from './lib/load.js';
import { startPipelineBench } from './lib/pipeline-bench.js';
import { arg } from './lib/args.js';
import { gcPauses, scrape } from './lib/metrics.js';

/**
 * bench:cost — what one event costs on its way from webhook to sink, counted rather than timed (so
 * a noisy machine changes it little): Redis commands (Lua scripts counted by the commands they run),
 * PostgreSQL transactions, rows written and read, and each process's CPU milliseconds and minor page
 * faults, per event, over a burst of webhooks (or a steady rate) through the gateway and one worker.
 * Redis's command counts are server-wide: run it against a Redis nobody else uses (TEST_REDIS_URL)
 * for exact figures.
 * Options: --seconds S (load length, 4), --rate R (a steady R/s instead of the burst). One JSON line.
 */
const seconds = arg('seconds', 4);
// 0: a burst from 50 closed-loop clients (the cost of a backlog); R > 0: a steady R/s.
const rate = arg('rate', 0);

/** CPU seconds and minor page faults so far of every process, keyed by pid, with its role. */
function cpuByPid(roles: Map<number, string>): Map<string, { role: string; s: number; faults: number }> {
  const out = new Map<string, { role: string; s: number; faults: number }>();
  const tick = 100; // USER_HZ on Linux
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const role =
        roles.get(Number(pid)) ??
        (comm.startsWith('postgres') ? 'postgres' : comm.startsWith('redis') ? 'redis' : undefined);
      // minflt, utime and stime: fields 10, 14 and 15 of proc(5), counted from the state (field 3).
      if (role)
        out.set(pid, {
          role,
          s: (Number(fields[11]) + Number(fields[12])) / tick,
          faults: Number(fields[7]),
        });
    } catch {
      // The process ended meanwhile.
    }
  }
  return out;
}

async function redisCalls(redis: Redis): Promise<Map<string, number>> {
  const info = await redis.info('commandstats');
  return new Map([...info.matchAll(/cmdstat_([\w|]+):calls=(\d+)/g)].map((m) => [m[1] ?? '', Number(m[2])]));
}

async function pgStats(url: string): Promise<Record<string, number>> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query<Record<string, string>>(
      `SELECT xact_commit, tup_inserted, tup_updated, tup_fetched FROM pg_stat_database WHERE datname = current_database()`,
    );
    return Object.fromEntries(Object.entries(rows[0] ?? {}).map(([k, v]) => [k, Number(v)]));
  } finally {
    await c.end();
  }
}

async function main(): Promise<void> {
  const b = await startPipelineBench();
  const redis = new Redis(TEST_REDIS_URL);
  const dbUrl = b.h.db?.url ?? '';
  try {
    // Warm-up: caches, prepared statements, connections.
    const warm = await saturate(b.h.base, b.next, 20, 1);
    await waitFor('the warm-up delivered', () => b.received() >= (warm.statuses['202'] ?? 0), 60_000);
    const roles = new Map<number, string>([[process.pid, 'load generator']]);
    for (const p of b.h.procs) if (p.pid) roles.set(p.pid, p.name);
    const gcAll = async () => ({
      gateway: gcPauses(await scrape(b.metricsUrls.gateway)),
      worker: gcPauses(await scrape(b.metricsUrls.worker)),
    });
    const before = {
      r: await redisCalls(redis),
      p: await pgStats(dbUrl),
      cpu: cpuByPid(roles),
      gc: await gcAll(),
    };
    const start = b.received();
    const load =
      rate > 0
        ? await steady(b.h.base, b.next, rate, seconds, 0)
        : await saturate(b.h.base, b.next, 50, seconds);
    const accepted = load.statuses['202'] ?? 0;
    await waitFor('the load delivered', () => b.received() - start >= accepted, 180_000);
    const cpu = cpuByPid(roles);
    const gcAfter = await gcAll();
    // pg_stat_database is updated when a backend's transaction ends, and at most every 500 ms.
    await new Promise((r) => setTimeout(r, 1_000));
    const after = { r: await redisCalls(redis), p: await pgStats(dbUrl) };
    const per = (n: number) => Math.round((n / accepted) * 100) / 100;
    const cpuMs: Record<string, number> = {};
    const pageFaults: Record<string, number> = {};
    for (const [pid, { role, s, faults }] of cpu) {
      cpuMs[role] = (cpuMs[role] ?? 0) + (s - (before.cpu.get(pid)?.s ?? 0)) * 1000;
      pageFaults[role] = (pageFaults[role] ?? 0) + faults - (before.cpu.get(pid)?.faults ?? 0);
    }
    let redisTotal = 0;
    const redisByCommand: Record<string, number> = {};
    for (const [cmd, n] of after.r) {
      const d = n - (before.r.get(cmd) ?? 0);
      redisTotal += d;
      if (d / accepted >= 0.05) redisByCommand[cmd] = per(d);
    }
    console.log(
      JSON.stringify({
        bench: 'cost',
        load: rate > 0 ? `${rate}/s for ${seconds} s` : `burst of ${seconds} s`,
        events: accepted,
        perEvent: {
          redisCommands: per(redisTotal),
          redisByCommand,
          pgTransactions: per((after.p.xact_commit ?? 0) - (before.p.xact_commit ?? 0)),
          pgRowsInserted: per((after.p.tup_inserted ?? 0) - (before.p.tup_inserted ?? 0)),
          pgRowsUpdated: per((after.p.tup_updated ?? 0) - (before.p.tup_updated ?? 0)),
          pgRowsFetched: per((after.p.tup_fetched ?? 0) - (before.p.tup_fetched ?? 0)),
          cpuMs: Object.fromEntries(
            Object.entries(cpuMs).map(([k, v]) => [k, Math.round((v / accepted) * 1000) / 1000]),
          ),
          // Minor page faults: cheap on bare metal, about 16 µs each on some of these VMs.
          pageFaults: Object.fromEntries(Object.entries(pageFaults).map(([k, v]) => [k, per(v)])),
          // Garbage collection in the two Node services: young-generation collections (scavenges,
          // one per semi-space filled, so they count the memory allocated) and full ones per 1 000
          // events, and the pause time per event. A scavenge's pause stops the whole process.
          gc: Object.fromEntries(
            (['gateway', 'worker'] as const).map((p) => {
              const d = (k: 'minor' | 'major' | 'ms') => gcAfter[p][k] - before.gc[p][k];
              return [
                p,
                {
                  minorPer1000: per(d('minor') * 1000),
                  majorPer1000: per(d('major') * 1000),
                  pauseMs: Math.round((d('ms') / accepted) * 1000) / 1000,
                },
              ];
            }),
          ),
        },
        node: process.version,
      }),
    );
  } finally {
    redis.disconnect();
    await b.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
