import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { Redis } from 'ioredis';
import { loadConfig, testEnvironment, type AppConfig } from '#libs/config';
import { MIGRATIONS_FOLDER, runMigrations } from '#libs/db';

/** Where tests find PostgreSQL and Redis (the machine's services by default). */
export const TEST_DATABASE_URL = testEnvironment().databaseUrl;
export const TEST_REDIS_URL = testEnvironment().redisUrl;

function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

/** A template database per migration set, so each test file clones a migrated schema in ~100 ms. */
async function templateDatabase(admin: pg.Client): Promise<string> {
  const hash = createHash('sha256');
  for (const f of readdirSync(MIGRATIONS_FOLDER).sort())
    if (f.endsWith('.sql')) hash.update(readFileSync(join(MIGRATIONS_FOLDER, f)));
  // The day is part of the name: a template's pre-created daily partitions must cover today.
  const name = `hb_tpl_${hash.digest('hex').slice(0, 12)}_${new Date().toISOString().slice(0, 10).replace(/-/g, '')}`;
  await admin.query('SELECT pg_advisory_lock(72617002)');
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) {
      await admin.query(`CREATE DATABASE "${name}"`);
      try {
        await runMigrations(withDatabase(TEST_DATABASE_URL, name));
      } catch (err) {
        await admin.query(`DROP DATABASE IF EXISTS "${name}"`);
        throw err;
      }
    }
  } finally {
    await admin.query('SELECT pg_advisory_unlock(72617002)');
  }
  return name;
}

/**
 * A fresh, migrated database of its own (`migrated: false`: empty); `drop()` removes it. With
 * `icuLocale` (e.g. `en-US`) its default collation is that ICU locale's rather than the test
 * server's byte order, as a production server's usually is: it is then created empty and migrated
 * the way `migrate` does it, not cloned from the shared template.
 */
export async function createTestDatabase(
  options: { migrated?: boolean; icuLocale?: string } = {},
): Promise<{ url: string; drop: () => Promise<void> }> {
  if (options.icuLocale !== undefined)
    return createIcuDatabase(options.icuLocale, options.migrated !== false);
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  try {
    const template = options.migrated === false ? 'template0' : await templateDatabase(admin);
    const name = `hb_t_${randomBytes(6).toString('hex')}`;
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
        break;
      } catch (err) {
        // Two files cloning the same template at the same instant: PostgreSQL refuses one; retry.
        if (attempt >= 20 || !/being accessed by other users/.test((err as Error).message)) throw err;
        await new Promise((r) => setTimeout(r, 50 + Math.random() * 100));
      }
    }
    return { url: withDatabase(TEST_DATABASE_URL, name), drop: () => dropDatabase(name) };
  } finally {
    await admin.end();
  }
}

/** A database whose default collation is the ICU locale's (LC_CTYPE stays C), migrated if asked. */
async function createIcuDatabase(
  icuLocale: string,
  migrated: boolean,
): Promise<{ url: string; drop: () => Promise<void> }> {
  // Interpolated into the statement (CREATE DATABASE takes no parameters): a locale tag only.
  if (!/^[A-Za-z0-9-]+$/.test(icuLocale)) throw new Error(`not an ICU locale tag: ${icuLocale}`);
  const name = `hb_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(
      `CREATE DATABASE "${name}" TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C' LOCALE_PROVIDER icu ICU_LOCALE '${icuLocale}'`,
    );
  } finally {
    await admin.end();
  }
  const url = withDatabase(TEST_DATABASE_URL, name);
  try {
    if (migrated) await runMigrations(url);
  } catch (err) {
    await dropDatabase(name);
    throw err;
  }
  return { url, drop: () => dropDatabase(name) };
}

async function dropDatabase(name: string): Promise<void> {
  const c = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await c.connect();
  try {
    await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await c.end();
  }
}

/** A unique BullMQ prefix; `cleanup()` deletes every key under it. */
export function createTestRedisPrefix(): { prefix: string; cleanup: () => Promise<void> } {
  const prefix = `{hbt-${randomBytes(5).toString('hex')}}`;
  return {
    prefix,
    cleanup: async () => {
      const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 3 });
      try {
        let cursor = '0';
        do {
          const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
          cursor = next;
          if (keys.length > 0) await redis.del(...keys);
        } while (cursor !== '0');
      } finally {
        redis.disconnect();
      }
    },
  };
}

/** An AppConfig for tests: own database and prefix, quiet logs, fast retries and sweeps. */
export function testConfig(
  databaseUrl: string,
  queuePrefix: string,
  overrides: Record<string, string> = {},
): AppConfig {
  return loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: '5',
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: queuePrefix,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: testEnvironment().logLevel,
    HOOKBRIDGE_TARGET_ALLOWLIST: '127.0.0.0/8,::1/128',
    HOOKBRIDGE_RETRY_BASE_MS: '50',
    HOOKBRIDGE_RETRY_CAP_MS: '500',
    HOOKBRIDGE_SWEEP_INTERVAL_MS: '500',
    HOOKBRIDGE_SWEEP_GRACE_MS: '1000',
    HOOKBRIDGE_DELIVERY_TIMEOUT_MS: '2000',
    ...overrides,
  });
}
