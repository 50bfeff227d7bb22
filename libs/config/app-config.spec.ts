import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from './app-config.js';

describe('loadConfig', () => {
  test('fills dev defaults', () => {
    const c = loadConfig({});
    assert.equal(c.port, 3000);
    assert.equal(c.region, 'us-east-1');
    assert.equal(c.publicUrl, 'http://localhost:3000');
    assert.deepEqual(c.workerQueues, ['route', 'deliver', 'replay', 'maintenance']);
    assert.equal(c.secretKey.length, 32);
    assert.equal(c.workerMetricsPort, 0, 'no worker listener unless asked for');
    assert.equal(c.routeRecordWaitMs, 20);
  });

  test("the routing statement's wait for early first attempts: 0 turns it off, beyond a second is refused", () => {
    assert.equal(loadConfig({ HOOKBRIDGE_ROUTE_RECORD_WAIT_MS: '0' }).routeRecordWaitMs, 0);
    assert.throws(
      () => loadConfig({ HOOKBRIDGE_ROUTE_RECORD_WAIT_MS: '1001' }),
      /HOOKBRIDGE_ROUTE_RECORD_WAIT_MS/,
    );
    assert.throws(
      () => loadConfig({ HOOKBRIDGE_ROUTE_RECORD_WAIT_MS: '-1' }),
      /HOOKBRIDGE_ROUTE_RECORD_WAIT_MS/,
    );
  });

  test('the pool keeps 2 connections open by default, or the whole pool when it is smaller', () => {
    const c = loadConfig({});
    assert.equal(c.databasePoolMin, 2);
    assert.equal(c.databasePoolIdleTimeoutMs, 10_000);
    assert.equal(loadConfig({ DATABASE_POOL_SIZE: '1' }).databasePoolMin, 1);
    assert.equal(loadConfig({ DATABASE_POOL_MIN: '0' }).databasePoolMin, 0);
    assert.equal(loadConfig({ DATABASE_POOL_IDLE_TIMEOUT_MS: '0' }).databasePoolIdleTimeoutMs, 0);
    assert.throws(
      () => loadConfig({ DATABASE_POOL_SIZE: '4', DATABASE_POOL_MIN: '5' }),
      /DATABASE_POOL_MIN: must not exceed DATABASE_POOL_SIZE/,
    );
    assert.throws(() => loadConfig({ DATABASE_POOL_IDLE_TIMEOUT_MS: '-1' }), /DATABASE_POOL_IDLE_TIMEOUT_MS/);
  });

  test('a connection to a target that sends no keep-alive hint is kept a minute by default', () => {
    assert.equal(loadConfig({}).targetKeepAliveMs, 60_000);
    assert.equal(loadConfig({ HOOKBRIDGE_TARGET_KEEPALIVE_MS: '4000' }).targetKeepAliveMs, 4_000);
    assert.throws(
      () => loadConfig({ HOOKBRIDGE_TARGET_KEEPALIVE_MS: '0' }),
      /HOOKBRIDGE_TARGET_KEEPALIVE_MS/,
    );
    assert.throws(
      () => loadConfig({ HOOKBRIDGE_TARGET_KEEPALIVE_MS: '1h' }),
      /HOOKBRIDGE_TARGET_KEEPALIVE_MS/,
    );
  });

  test('lists every bad variable at once', () => {
    assert.throws(
      () =>
        loadConfig({
          PORT: 'x',
          HOOKBRIDGE_SECRET_KEY: 'short',
          WORKER_QUEUES: 'route,nope',
          HOOKBRIDGE_METRICS_TOKEN: 'short',
        }),
      (e: unknown) => {
        assert.ok(e instanceof ConfigError);
        const text = e.problems.join('\n');
        assert.match(text, /HOOKBRIDGE_METRICS_TOKEN/);
        assert.match(text, /PORT/);
        assert.match(text, /HOOKBRIDGE_SECRET_KEY/);
        assert.match(text, /WORKER_QUEUES/);
        return true;
      },
    );
  });

  test('production refuses the insecure dev defaults', () => {
    assert.throws(
      () => loadConfig({ NODE_ENV: 'production' }),
      (e: unknown) =>
        e instanceof ConfigError &&
        ['HOOKBRIDGE_ADMIN_TOKEN', 'HOOKBRIDGE_SECRET_KEY', 'HOOKBRIDGE_PUBLIC_URL'].every((k) =>
          e.problems.some((p) => p.startsWith(k)),
        ),
    );
    const ok = loadConfig({
      NODE_ENV: 'production',
      HOOKBRIDGE_ADMIN_TOKEN: 'a-very-long-admin-token-123',
      HOOKBRIDGE_SECRET_KEY: Buffer.alloc(32, 7).toString('base64'),
      HOOKBRIDGE_PUBLIC_URL: 'https://hooks.example.com/',
    });
    assert.equal(ok.publicUrl, 'https://hooks.example.com');
  });

  test('a database URL without a user connects as the OS user, like libpq', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://localhost:5432/hookbridge' });
    assert.match(c.databaseUrl, /^postgres:\/\/[^@/]+@localhost:5432\/hookbridge$/);
    assert.equal(
      loadConfig({ DATABASE_URL: 'postgres://app:pw@db:5432/x' }).databaseUrl,
      'postgres://app:pw@db:5432/x',
    );
  });

  test('parses the target allowlist', () => {
    assert.deepEqual(loadConfig({ HOOKBRIDGE_TARGET_ALLOWLIST: '127.0.0.0/8, ::1/128' }).targetAllowlist, [
      '127.0.0.0/8',
      '::1/128',
    ]);
  });

  test('HTTP timeouts: production defaults, overridable, headers within the request timeout', () => {
    const d = loadConfig({});
    assert.deepEqual(
      [d.requestTimeoutMs, d.headersTimeoutMs, d.keepAliveTimeoutMs],
      [30_000, 10_000, 72_000],
    );
    const c = loadConfig({
      HOOKBRIDGE_REQUEST_TIMEOUT_MS: '2000',
      HOOKBRIDGE_HEADERS_TIMEOUT_MS: '1000',
      HOOKBRIDGE_KEEP_ALIVE_TIMEOUT_MS: '500',
    });
    assert.deepEqual([c.requestTimeoutMs, c.headersTimeoutMs, c.keepAliveTimeoutMs], [2_000, 1_000, 500]);
    assert.throws(
      () => loadConfig({ HOOKBRIDGE_REQUEST_TIMEOUT_MS: '5000', HOOKBRIDGE_HEADERS_TIMEOUT_MS: '6000' }),
      (e: unknown) =>
        e instanceof ConfigError &&
        e.problems.some((p) => /^HOOKBRIDGE_HEADERS_TIMEOUT_MS: .*REQUEST_TIMEOUT/.test(p)),
    );
    assert.throws(() => loadConfig({ HOOKBRIDGE_REQUEST_TIMEOUT_MS: '0' }), ConfigError);
  });

  test('production problems are listed with every other bad variable, not after they are fixed', () => {
    assert.throws(
      () =>
        loadConfig({
          NODE_ENV: 'production',
          PORT: 'x',
          HOOKBRIDGE_REQUEST_TIMEOUT_MS: '5000',
          HOOKBRIDGE_HEADERS_TIMEOUT_MS: '6000',
        }),
      (e: unknown) => {
        assert.ok(e instanceof ConfigError);
        for (const k of [
          'PORT',
          'HOOKBRIDGE_ADMIN_TOKEN',
          'HOOKBRIDGE_SECRET_KEY',
          'HOOKBRIDGE_PUBLIC_URL',
          'HOOKBRIDGE_HEADERS_TIMEOUT_MS',
        ])
          assert.ok(
            e.problems.some((p) => p.startsWith(`${k}:`)),
            `${k} missing from:\n${e.problems.join('\n')}`,
          );
        return true;
      },
    );
  });

  test('refuses values the process cannot use (timer overflow, dates past the year 275760, base over cap)', () => {
    const bad: Record<string, string> = {
      // setInterval turns a delay over 2^31 - 1 ms into 1 ms: the sweeper would spin.
      HOOKBRIDGE_SWEEP_INTERVAL_MS: '3000000000',
      HOOKBRIDGE_SWEEP_GRACE_MS: '1e12',
      // now + TTL is an Invalid Date: every source creation or hold check would fail.
      HOOKBRIDGE_PENDING_SOURCE_TTL_HOURS: '1e12',
      HOOKBRIDGE_HELD_EVENT_TTL_HOURS: '1e12',
      HOOKBRIDGE_EVENT_RETENTION_DAYS: '1000000000',
      HOOKBRIDGE_RETRY_CAP_MS: '1e12',
    };
    assert.throws(
      () => loadConfig(bad),
      (e: unknown) => {
        assert.ok(e instanceof ConfigError);
        for (const k of Object.keys(bad))
          assert.ok(
            e.problems.some((p) => p.startsWith(`${k}:`)),
            `${k} missing from:\n${e.problems.join('\n')}`,
          );
        return true;
      },
    );
    assert.throws(
      () => loadConfig({ HOOKBRIDGE_RETRY_BASE_MS: '5000', HOOKBRIDGE_RETRY_CAP_MS: '1000' }),
      (e: unknown) =>
        e instanceof ConfigError && e.problems.some((p) => /^HOOKBRIDGE_RETRY_BASE_MS: .*RETRY_CAP/.test(p)),
    );
  });

  test('a variable of blanks is unset, not the number 0', () => {
    const c = loadConfig({ PORT: '  ', HOOKBRIDGE_SWEEP_GRACE_MS: ' ', WORKER_METRICS_PORT: ' ' });
    assert.equal(c.port, 3000);
    assert.equal(c.sweepGraceMs, 30_000);
  });
});
