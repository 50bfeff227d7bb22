import { Injectable } from '@nestjs/common';
import { RedisClient } from '#libs/queue';

// GCRA (a token bucket expressed as a "theoretical arrival time"), atomically in Redis with Redis's
// own clock so every worker agrees. A caller that must wait reserves its slot: it gets the exact
// time it may go (KEYS[2] remembers the reservation), so no token is lost to a caller that is not
// asking at that moment, and nobody polls. Returns 0 when admitted, else the milliseconds to wait.
const GCRA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local reserved = tonumber(redis.call('GET', KEYS[2]))
if reserved then
  if reserved <= now + 5 then
    redis.call('DEL', KEYS[2])
    return 0
  end
  return math.ceil(reserved - now)
end
local interval = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or now)
if tat < now then tat = now end
local allowAt = tat - burst
local nextTat = tat + interval
redis.call('SET', KEYS[1], tostring(nextTat), 'PX', math.ceil(nextTat - now + burst) + 1)
if allowAt <= now then return 0 end
redis.call('SET', KEYS[2], tostring(allowAt), 'PX', math.ceil(allowAt - now) + 600000)
return math.ceil(allowAt - now)`;

/**
 * A per-target rate limit shared by all workers. rate-limiter-flexible (used elsewhere) counts in
 * fixed whole-second windows, which can admit twice the limit across a window boundary; this GCRA
 * spaces deliveries evenly, so any one-second span stays within 10 % of the limit.
 */
@Injectable()
export class TargetRateLimiter {
  constructor(private readonly client: RedisClient) {}

  /**
   * 0 if the delivery may go now; else the milliseconds until its reserved slot (calling again at
   * that time admits it).
   */
  async acquire(target: string, deliveryId: string, perSecond: number): Promise<number> {
    const interval = 1000 / perSecond;
    // No burst: reserved slots make strict spacing cheap, and it keeps any second within the limit.
    const burst = 0;
    const keys = [this.client.key('rl', target), this.client.key('rl', target, 'res', deliveryId)];
    return Number(await this.client.redis.eval(GCRA, 2, ...keys, String(interval), String(burst)));
  }
}
