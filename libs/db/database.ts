import pg from 'pg';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import * as schema from './schema/index.js';

export type Database = NodePgDatabase<typeof schema>;
/** A database handle or an open transaction on it: repositories accept either. */
export type Executor = Database | Parameters<Parameters<Database['transaction']>[0]>[0];

export interface DatabaseOptions {
  /** Pool size (default 10). */
  max?: number;
  /** Connections kept open however long they sit idle (default 0; see warmPool to open them). */
  min?: number;
  /**
   * How long a connection beyond `min` may sit idle before it is closed (default 10 000 ms, pg's);
   * 0 never closes one.
   */
  idleTimeoutMs?: number;
  /**
   * `false` commits without waiting for the WAL flush (`synchronous_commit = off`). Only for
   * writers whose work is redone when a commit is lost in a PostgreSQL crash (see DbModule.forRoot).
   */
  synchronousCommit?: boolean;
}

/** Idle time after which a pooled connection's socket sends TCP keepalive probes. */
export const KEEPALIVE_AFTER_MS = 60_000;

/** Opens a pg pool and the Drizzle handle over it. */
export function openDatabase(url: string, opts: DatabaseOptions = {}): { pool: pg.Pool; db: Database } {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 10,
    min: opts.min ?? 0,
    // pg-pool reads 0 as "never"; left undefined it would pick its own 10 s.
    idleTimeoutMillis: opts.idleTimeoutMs ?? 10_000,
    // A connection kept idle for hours (see `min`) must not be dropped silently by a NAT or load
    // balancer between here and PostgreSQL (their idle timeouts are 4–10 minutes): the next query
    // on it would wait for TCP to give up, not fail. A probe after a minute idle keeps such a path
    // open, and finds a dead one, whose error then takes it out of the pool.
    keepAlive: true,
    keepAliveInitialDelayMillis: KEEPALIVE_AFTER_MS,
    application_name: 'hookbridge',
    // Named statements (the hot paths' batch statements, written for it) are planned once per
    // connection: their custom plans cost more to make than to run. Unnamed statements (Drizzle's)
    // are planned each time as before.
    options: ['-c plan_cache_mode=force_generic_plan']
      .concat(opts.synchronousCommit === false ? ['-c synchronous_commit=off'] : [])
      .join(' '),
  });
  // An idle client's error (e.g. a Postgres restart) must not crash the process; the pool reconnects.
  pool.on('error', () => undefined);
  // Nor may a checked-out client's (a transaction in progress when PostgreSQL goes away): the pool
  // listens only while a client is idle. The failing query reports the loss to its caller.
  pool.on('connect', (client) => client.on('error', () => undefined));
  return { pool, db: drizzle(pool, { schema }) };
}

/**
 * Opens up to `n` connections at once and returns them to the pool idle, so that the first requests
 * after a start do not each wait for a connection of their own (a new PostgreSQL backend, then the
 * planning of the named statements on it). Never rejects: resolves with the connections opened,
 * and the first error if some could not be (PostgreSQL down: requests report it as they come).
 */
export async function warmPool(pool: pg.Pool, n: number): Promise<{ opened: number; error?: Error }> {
  const results = await Promise.allSettled(Array.from({ length: n }, () => pool.connect()));
  let error: Error | undefined;
  let opened = 0;
  for (const r of results) {
    if (r.status === 'fulfilled') {
      r.value.release();
      opened++;
    } else error ??= r.reason instanceof Error ? r.reason : new Error(String(r.reason));
  }
  return { opened, error };
}
