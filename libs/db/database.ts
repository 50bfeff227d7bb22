import pg from 'pg';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import * as schema from './schema/index.js';

export type Database = NodePgDatabase<typeof schema>;
/** A database handle or an open transaction on it: repositories accept either. */
export type Executor = Database | Parameters<Parameters<Database['transaction']>[0]>[0];

/** Opens a pg pool and the Drizzle handle over it. */
export function openDatabase(url: string, max = 10): { pool: pg.Pool; db: Database } {
  const pool = new pg.Pool({ connectionString: url, max, application_name: 'hookbridge' });
  // An idle client's error (e.g. a Postgres restart) must not crash the process; the pool reconnects.
  pool.on('error', () => undefined);
  return { pool, db: drizzle(pool, { schema }) };
}
