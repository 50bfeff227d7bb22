import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { createTestRedisPrefix, freePort, TEST_REDIS_URL, waitFor } from '#libs/testing';
import { LeasedWindowLimiter } from './leased-window-limiter.js';

const MINUTE = 60_000;

describe('LeasedWindowLimiter (real Redis)', () => {
  let redis: Redis;
  let prefix: { prefix: string; cleanup: () => Promise<void> };
  before(() => {
    redis = new Redis(TEST_REDIS_URL);
    prefix = createTestRedisPrefix();
  });
  after(async () => {
    await prefix.cleanup();
    redis.disconnect();
  });

  const allowedOf = async (answers: Array<Promise<number | undefined>>) =>
    (await Promise.all(answers)).filter((a) => a === undefined).length;

  test('a small limit is exact, and a refusal says how long the window still runs', async () => {
    const limiter = new LeasedWindowLimiter(redis, `${prefix.prefix}:small`, 5, MINUTE);
    const answers = [];
    for (let i = 0; i < 30; i++) answers.push(await limiter.consume('k'));
    assert.equal(answers.filter((a) => a === undefined).length, 5);
    const refusals = answers.filter((a) => a !== undefined);
    for (const ms of refusals) assert.ok(ms > 0 && ms <= MINUTE, `retry in ${ms} ms`);
  });

  test('replicas sharing a key together admit exactly the limit, whatever each one leased', async () => {
    const key = `${prefix.prefix}:shared`;
    const replicas = [1, 2, 3].map(() => new LeasedWindowLimiter(redis, key, 1000, MINUTE));
    const answers = replicas.flatMap((r) => Array.from({ length: 800 }, () => r.consume('k')));
    assert.equal(await allowedOf(answers), 1000);
  });

  test('a hot key goes to Redis for blocks of points, not for every request', async () => {
    // Each call of a script defined on the connection sends its command through sendCommand.
    let evals = 0;
    const counting = new Proxy(redis, {
      get(target, prop, receiver) {
        if (prop === 'sendCommand') evals++;
        return Reflect.get(target, prop, receiver) as unknown;
      },
    });
    const limiter = new LeasedWindowLimiter(counting, `${prefix.prefix}:hot`, 100_000, MINUTE);
    let allowed = 0;
    for (let i = 0; i < 2000; i++) if ((await limiter.consume('k')) === undefined) allowed++;
    assert.equal(allowed, 2000);
    assert.ok(evals > 0 && evals < 200, `${evals} Redis calls for 2000 requests`);
  });

  test('keys are limited separately, and a new window brings new points', async () => {
    const limiter = new LeasedWindowLimiter(redis, `${prefix.prefix}:window`, 2, 300);
    assert.equal(await allowedOf([1, 2, 3].map(() => limiter.consume('a'))), 2);
    assert.equal(await allowedOf([1, 2, 3].map(() => limiter.consume('b'))), 2);
    await waitFor('the next window', async () => (await limiter.consume('a')) === undefined, 5_000);
  });

  test('without Redis an in-process limit of the same size stands in', async () => {
    const down = new Redis({
      port: await freePort(),
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
      lazyConnect: true,
      retryStrategy: () => null,
    });
    down.on('error', () => undefined);
    try {
      const limiter = new LeasedWindowLimiter(down, `${prefix.prefix}:down`, 3, MINUTE);
      const answers = [];
      for (let i = 0; i < 5; i++) answers.push(await limiter.consume('k'));
      assert.deepEqual(
        answers.map((a) => a === undefined),
        [true, true, true, false, false],
      );
    } finally {
      down.disconnect();
    }
  });
});
