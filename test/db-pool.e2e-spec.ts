import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import type pg from 'pg';
import { openDatabase, PG_POOL, warmPool } from '#libs/db';
import { createTestDatabase, waitFor } from '#libs/testing';
import { startHarness } from './support/harness.js';

// The PostgreSQL pool keeps DATABASE_POOL_MIN connections open however long they sit idle, and
// opens them at start: a webhook after a quiet spell (or the first after a deploy) then finds a
// connection whose statements are already planned, instead of waiting for a new backend
// (bench:idle measures what that saves).

/** A pool on `url` counting the connections it opens. */
function pool(
  url: string,
  opts: { min: number; idleTimeoutMs: number },
): { pool: pg.Pool; opened: () => number } {
  const { pool } = openDatabase(url, { max: 3, ...opts });
  let opened = 0;
  pool.on('connect', () => opened++);
  return { pool, opened: () => opened };
}

/**
 * The kernel's pending timer on this machine's end of the TCP connection from local port `port` to
 * remote port `remotePort`, from `/proc/net/tcp` (Linux): its kind (`tr`: 2 for a keepalive or a
 * delayed ACK, 0 for none) and the seconds until it fires (`tm->when`, in USER_HZ ticks of 1/100 s).
 */
async function tcpTimerOf(port: number, remotePort: number): Promise<{ kind: number; inSeconds: number }> {
  const hex = (n: number) => `:${n.toString(16).toUpperCase().padStart(4, '0')}`;
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of (await readFile(file, 'utf8')).split('\n').slice(1)) {
      const [, local, remote, state, , timer] = line.trim().split(/\s+/);
      // 01: ESTABLISHED.
      if (local?.endsWith(hex(port)) && remote?.endsWith(hex(remotePort)) && state === '01') {
        const [kind, when] = (timer ?? '').split(':');
        return { kind: Number.parseInt(kind ?? '', 16), inSeconds: Number.parseInt(when ?? '', 16) / 100 };
      }
    }
  }
  throw new Error(`no established TCP connection from port ${port} to port ${remotePort}`);
}

describe('database pool', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  const pools: pg.Pool[] = [];
  before(async () => {
    db = await createTestDatabase();
  });
  after(async () => {
    await Promise.all(pools.map((p) => p.end()));
    await db.drop();
  });

  test('keeps `min` connections open past the idle timeout and closes the others', async () => {
    const kept = pool(db.url, { min: 1, idleTimeoutMs: 100 });
    const plain = pool(db.url, { min: 0, idleTimeoutMs: 100 });
    pools.push(kept.pool, plain.pool);
    assert.deepEqual(await warmPool(kept.pool, 2), { opened: 2, error: undefined });
    assert.equal(kept.pool.idleCount, 2);
    // Idle after the kept pool's two: its idle timer runs out after theirs.
    assert.deepEqual(await warmPool(plain.pool, 1), { opened: 1, error: undefined });
    await waitFor('the plain pool to close its idle connection', () => plain.pool.totalCount === 0);
    assert.equal(kept.pool.totalCount, 1, 'the connection beyond min is closed, the one within kept');
    const { rows } = await kept.pool.query<{ ok: number }>('SELECT 1 AS ok');
    assert.equal(rows[0]?.ok, 1);
    assert.equal(kept.opened(), 2, 'the query ran on the kept connection, not a new one');
  });

  test('an idle timeout of 0 closes no connection', async () => {
    const never = pool(db.url, { min: 0, idleTimeoutMs: 0 });
    const plain = pool(db.url, { min: 0, idleTimeoutMs: 100 });
    pools.push(never.pool, plain.pool);
    await warmPool(never.pool, 2);
    await warmPool(plain.pool, 1);
    await waitFor('the plain pool to close its idle connection', () => plain.pool.totalCount === 0);
    assert.equal(never.pool.totalCount, 2);
  });

  test('pooled connections send TCP keepalives, so that an idle one is not dropped on the way', async () => {
    const kept = pool(db.url, { min: 1, idleTimeoutMs: 0 });
    pools.push(kept.pool);
    const { rows } = await kept.pool.query<{ port: number }>(
      'SELECT client_port AS port FROM pg_stat_activity WHERE pid = pg_backend_pid()',
    );
    const port = rows[0]?.port;
    assert.ok(port && port > 0, 'a TCP connection (TEST_DATABASE_URL names a host, not a socket)');
    const serverPort = Number(new URL(db.url).port || 5432);
    const timer = await tcpTimerOf(port, serverPort);
    assert.equal(timer.kind, 2, 'a timer runs on the idle connection');
    // A delayed ACK would fire within milliseconds; the keepalive fires after a minute idle.
    assert.ok(timer.inSeconds > 10, `it fires in ${timer.inSeconds} s: the keepalive`);
  });

  test('warming reports the connections it could not open, and never rejects', async () => {
    // Nothing listens on port 1.
    const down = pool('postgres://postgres@127.0.0.1:1/postgres', { min: 0, idleTimeoutMs: 100 });
    pools.push(down.pool);
    const { opened, error } = await warmPool(down.pool, 2);
    assert.equal(opened, 0);
    assert.match(error?.message ?? '', /ECONNREFUSED/);
  });

  test('gateway and worker open DATABASE_POOL_MIN connections at start', async () => {
    const h = await startHarness({ env: { DATABASE_POOL_MIN: '3' } });
    try {
      for (const app of [h.gateway, h.worker]) {
        const { pool } = app!.get<{ pool: pg.Pool }>(PG_POOL);
        await waitFor('the pool to open its connections', () => pool.totalCount >= 3);
      }
    } finally {
      await h.close();
    }
  });
});
