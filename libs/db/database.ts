import pg from 'pg';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import * as schema from './schema/index.js';

export type Database = NodePgDatabase<typeof schema>;
/** A database handle or an open transaction on it: repositories accept either. */
export type Executor = Database | Parameters<Parameters<Database['transaction']>[0]>[0];

export interface DatabaseOptions {
  /** Pool size (default 10). */
  max?: number;
  /**
   * `false` commits without waiting for the WAL flush (`synchronous_commit = off`). Only for
   * writers whose work is redone when a commit is lost in a PostgreSQL crash (see DbModule.forRoot).
   */
  synchronousCommit?: boolean;
}

/** Opens a pg pool and the Drizzle handle over it. */
export function openDatabase(url: string, opts: DatabaseOptions = {}): { pool: pg.Pool; db: Database } {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 10,
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
