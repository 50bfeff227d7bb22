import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { createTestRedisPrefix, TEST_REDIS_URL } from '#libs/testing';
import { redisScript } from './redis-script.js';

describe('redisScript (real Redis)', () => {
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

  // Unique text, so that no other test's run has loaded this script.
  const INCR_BY = `-- ${randomUUID()}
return redis.call('INCRBY', KEYS[1], ARGV[1])`;

  test('runs the script with its keys, then its arguments', async () => {
    const incrBy = redisScript(redis, INCR_BY, 1);
    const key = `${prefix.prefix}:n`;
    assert.equal(await incrBy(key, 2), 2);
    assert.equal(await incrBy(key, '5'), 7);
    assert.equal(await redis.get(key), '7');
  });

  test('the same script defined again on the connection shares the definition', async () => {
    const a = redisScript(redis, INCR_BY, 1);
    const b = redisScript(redis, INCR_BY, 1);
    const key = `${prefix.prefix}:shared`;
    assert.deepEqual(await Promise.all([a(key, 1), b(key, 1)]).then((r) => r.sort()), [1, 2]);
  });

  test('still runs after Redis forgot its scripts (it is loaded again)', async () => {
    const incrBy = redisScript(redis, INCR_BY, 1);
    const key = `${prefix.prefix}:flushed`;
    assert.equal(await incrBy(key, 1), 1);
    await redis.script('FLUSH');
    assert.equal(await incrBy(key, 1), 2);
  });

  test('an error raised by the script rejects the call', async () => {
    const failing = redisScript(redis, `-- ${randomUUID()}\nreturn redis.error_reply('NOPE no')`, 0);
    await assert.rejects(failing(), /NOPE no/);
  });
});
