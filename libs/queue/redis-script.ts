import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/** A Lua script bound to a connection: call it with its keys, then its arguments. */
export type RedisScript = (...keysThenArgs: Array<string | number>) => Promise<unknown>;

/**
 * Defines a Lua script on a connection as an ioredis command, which runs it with EVALSHA and loads
 * it on a NOSCRIPT reply. EVAL sent the script's text with every call, and Redis hashed it each
 * time: a hot script (a target's concurrency slot, taken and given back per delivery) paid for both.
 * The same script defined twice on one connection is defined once.
 */
export function redisScript(redis: Redis, lua: string, numberOfKeys: number): RedisScript {
  const name = `hookbridge_${createHash('sha1').update(lua).digest('hex')}`;
  const commands = redis as unknown as Record<string, RedisScript | undefined>;
  if (typeof commands[name] !== 'function') redis.defineCommand(name, { lua, numberOfKeys });
  const command = commands[name] as RedisScript;
  return (...keysThenArgs) => command.apply(redis, keysThenArgs);
}
