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
  await createDatabaseIfMissing(databaseUrl);
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

/**
 * A first `npm start` on a fresh machine should not fail because the database does not exist yet:
 * if PostgreSQL says so (3D000), create it through the server's `postgres` database.
 */
async function createDatabaseIfMissing(databaseUrl: string): Promise<void> {
  const probe = new pg.Client({ connectionString: databaseUrl });
  try {
    await probe.connect();
    await probe.end();
    return;
  } catch (err) {
    await probe.end().catch(() => undefined);
    if ((err as { code?: string }).code !== '3D000') throw err;
  }
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  url.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } catch (err) {
    // Another process created it at the same moment: fine.
    if ((err as { code?: string }).code !== '42P04') throw err;
  } finally {
    await admin.end();
  }
}

/** Creates the events and archive_events partitions for yesterday through a week ahead (idempotent). */
export async function ensureEventPartitions(client: Pick<pg.ClientBase, 'query'>): Promise<number> {
  const res = await client.query<{ created: number }>(
    `SELECT hb_ensure_event_partitions(((now() AT TIME ZONE 'UTC')::date - 1), 9)
          + hb_ensure_archive_event_partitions(((now() AT TIME ZONE 'UTC')::date - 1), 9) AS created`,
  );
  return res.rows[0]?.created ?? 0;
}
