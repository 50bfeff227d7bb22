import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { is } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import pg from 'pg';
import * as schema from '#libs/db';
import { type Database, MIGRATIONS_FOLDER, runMigrations } from '#libs/db';
import { SourcesRepository } from '#libs/domain';
import { createTestDatabase } from '#libs/testing';

// The checked-in migrations against the Drizzle schema that queries them: every column Drizzle
// declares exists with its nullability, and the newest migration applies to a database that an
// older release migrated and filled.

interface Journal {
  entries: Array<{ idx: number; tag: string }>;
}

/** A copy of the migrations folder holding only the migrations up to `idx` (an older release's). */
async function migrationsUpTo(idx: number): Promise<{ folder: string; remove: () => Promise<void> }> {
  const folder = await mkdtemp(join(tmpdir(), 'hb-migrations-'));
  await cp(MIGRATIONS_FOLDER, folder, { recursive: true });
  const journalPath = join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(await readFile(journalPath, 'utf8')) as Journal;
  for (const e of journal.entries.filter((x) => x.idx > idx)) await rm(join(folder, `${e.tag}.sql`));
  journal.entries = journal.entries.filter((e) => e.idx <= idx);
  await writeFile(journalPath, JSON.stringify(journal));
  return { folder, remove: () => rm(folder, { recursive: true, force: true }) };
}

describe('SQL migrations', () => {
  let journal: Journal;
  before(async () => {
    journal = JSON.parse(await readFile(join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as Journal;
  });

  test('a migrated database has every column of the Drizzle schema, with its nullability', async () => {
    const db = await createTestDatabase();
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ table_name: string; column_name: string; is_nullable: string }>(
        `SELECT table_name, column_name, is_nullable FROM information_schema.columns
          WHERE table_schema = 'public'`,
      );
      const found = new Map(rows.map((r) => [`${r.table_name}.${r.column_name}`, r.is_nullable === 'YES']));
      const tables = Object.values(schema as Record<string, unknown>).filter((v): v is PgTable =>
        is(v, PgTable),
      );
      assert.ok(tables.length > 5, 'the Drizzle tables are found');
      const problems: string[] = [];
      for (const table of tables) {
        const config = getTableConfig(table);
        for (const column of config.columns) {
          const key = `${config.name}.${column.name}`;
          const nullable = found.get(key);
          if (nullable === undefined) problems.push(`${key} is missing`);
          else if (nullable === column.notNull) problems.push(`${key}: nullable ${nullable} in SQL`);
        }
      }
      assert.deepEqual(problems, []);
    } finally {
      await client.end();
      await db.drop();
    }
  });

  test("a partner's event sources are read in their lists' order from an index, not sorted", async () => {
    const db = await createTestDatabase();
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      await client.query(`INSERT INTO accounts (id, name) VALUES ('111122223333', 'a')`);
      await client.query(`INSERT INTO partners (name, scheme) VALUES ('p.example.com', 'hmac')`);
      await client.query(
        `INSERT INTO partner_event_sources (id, name, partner_name, account_id, state, ingest_id, scheme)
         SELECT gen_random_uuid(), 'aws.partner/p.example.com/s' || g, 'p.example.com', '111122223333',
                'PENDING', md5(g::text), 'hmac' FROM generate_series(1, 20) g`,
      );
      // Other partners' sources around them, known to the planner: since names collate "C" (0009), a
      // LIKE prefix is a range on every index that leads with the name, and only statistics tell that
      // the range `aws.partner/…` holds every partner's sources.
      await client.query(
        `INSERT INTO partners (name, scheme) SELECT 'q' || g || '.example.com', 'hmac' FROM generate_series(1, 50) g`,
      );
      await client.query(
        `INSERT INTO partner_event_sources (id, name, partner_name, account_id, state, ingest_id, scheme)
         SELECT gen_random_uuid(), 'aws.partner/q' || (g % 50 + 1) || '.example.com/s' || g,
                'q' || (g % 50 + 1) || '.example.com', '111122223333', 'PENDING', md5('q' || g), 'hmac'
           FROM generate_series(1, 5000) g`,
      );
      await client.query('ANALYZE partner_event_sources');
      // The repository's own statements, as it sends them; a table this small would be read whole
      // unless sequential scans are ruled out.
      const statements: Array<{ sql: string; params: unknown[] }> = [];
      const logger = { logQuery: (q: string, params: unknown[]) => void statements.push({ sql: q, params }) };
      const repo = new SourcesRepository(drizzle(client, { schema, logger }) as unknown as Database);
      const partner = 'p.example.com';
      await repo.pageForPartner(partner, { namePrefix: 'aws.partner/' }, { limit: 5 });
      await repo.pageForPartner(partner, { name: 'aws.partner/p.example.com/s1' }, { limit: 5 });
      await repo.livePageForPartner(partner, 'aws.partner/', {
        limit: 5,
        after: ['aws.partner/p.example.com/s1'],
      });
      assert.equal(statements.length, 3);
      await client.query('SET enable_seqscan = off');
      for (const s of statements) {
        const plan = (await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${s.sql}`, s.params)).rows
          .map((r) => r['QUERY PLAN'])
          .join('\n');
        assert.match(plan, /Index Scan using partner_event_sources_partner /, plan);
        assert.doesNotMatch(plan, /Sort/, plan);
      }
    } finally {
      await client.end();
      await db.drop();
    }
  });

  test('the newest migration applies to a database at the one before it, keeping its rows', async () => {
    const latest = Math.max(...journal.entries.map((e) => e.idx));
    const older = await migrationsUpTo(latest - 1);
    const db = await createTestDatabase({ migrated: false });
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      await client.query('SET client_min_messages = warning');
      await migrate(drizzle(client), { migrationsFolder: older.folder });
      await client.query(`INSERT INTO accounts (id, name) VALUES ('111122223333', 'before')`);
      const bus = await client.query<{ id: string }>(
        `INSERT INTO event_buses (id, account_id, name, kind)
         VALUES (gen_random_uuid(), '111122223333', 'orders', 'custom') RETURNING id`,
      );
      await client.query(
        `INSERT INTO rules (id, account_id, bus_id, name, event_pattern, description)
         VALUES (gen_random_uuid(), '111122223333', $1, 'kept', '{"source":["a"]}', 'from before')`,
        [bus.rows[0]?.id],
      );

      await runMigrations(db.url);

      const applied = await client.query('SELECT 1 FROM drizzle.__drizzle_migrations');
      assert.equal(applied.rowCount, journal.entries.length, 'every migration is recorded once');
      const rule = await client.query(`SELECT name, description, role_arn FROM rules`);
      assert.deepEqual(rule.rows, [{ name: 'kept', description: 'from before', role_arn: null }]);
    } finally {
      await client.end();
      await older.remove();
      await db.drop();
    }
  });
});
