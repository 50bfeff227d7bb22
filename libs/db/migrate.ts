import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';

/** The checked-in SQL migrations (source tree; the compiled code lives in dist/libs/db). */
export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../../libs/db/migrations', import.meta.url));

// Any constant works; it only has to be the same for every process that migrates.
const MIGRATION_LOCK = 72_617_001;

/**
 * Applies pending migrations and makes sure the daily event partitions around today exist.
 * Serialised with an advisory lock so several processes starting together cannot race.
 */
export async function runMigrations(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'hookbridge-migrate' });
  await client.connect();
  try {
    await client.query('SET client_min_messages = warning');
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await migrate(drizzle(client), { migrationsFolder: MIGRATIONS_FOLDER });
    await ensureEventPartitions(client);
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await client.end();
  }
}

/** Creates the partitions for yesterday through a week ahead (idempotent). */
export async function ensureEventPartitions(client: Pick<pg.ClientBase, 'query'>): Promise<number> {
  const res = await client.query<{ created: number }>(
    `SELECT hb_ensure_event_partitions(((now() AT TIME ZONE 'UTC')::date - 1), 9) AS created`,
  );
  return res.rows[0]?.created ?? 0;
}
