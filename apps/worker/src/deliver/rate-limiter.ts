import { Injectable } from '@nestjs/common';
import { RedisClient, type RedisScript, redisScript } from '#libs/queue';

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

// Spacing at the moment of sending: jobs that were scheduled apart can still run together when the
// machine is busy; this keeps actual sends at least one interval apart. 0, or the ms to wait.
const SPACING = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local last = tonumber(redis.call('GET', KEYS[1]) or 0)
local interval = tonumber(ARGV[1])
if now < last + interval then return math.ceil(last + interval - now) end
redis.call('SET', KEYS[1], tostring(now), 'PX', math.ceil(interval) + 1000)
return 0`;

/** Longest in-process wait for spacing; a longer one parks the delivery instead. */
const MAX_SPACING_WAIT_MS = 1_000;

/**
 * A per-target rate limit shared by all workers. rate-limiter-flexible (used elsewhere) counts in
 * fixed whole-second windows, which can admit twice the limit across a window boundary; this GCRA
 * spaces deliveries evenly, so any one-second span stays within 10 % of the limit.
 */
@Injectable()
export class TargetRateLimiter {
  private readonly gcra: RedisScript;
  private readonly spacing: RedisScript;

  constructor(private readonly client: RedisClient) {
    this.gcra = redisScript(client.redis, GCRA, 2);
    this.spacing = redisScript(client.redis, SPACING, 1);
  }

  /**
   * 0 if the delivery may go now; else the milliseconds until its reserved slot (calling again at
   * that time admits it).
   */
  async acquire(target: string, deliveryId: string, perSecond: number): Promise<number> {
    const interval = 1000 / perSecond;
    // No burst: reserved slots make strict spacing cheap, and it keeps any second within the limit.
    const burst = 0;
    const keys = [this.client.key('rl', target), this.client.key('rl', target, 'res', deliveryId)];
    const wait = Number(await this.gcra(...keys, String(interval), String(burst)));
    if (wait > 0) return wait;
    // Admitted by the schedule; now hold the actual send to one interval after the previous one.
    const spacingKey = this.client.key('rl', target, 'last');
    for (let waited = 0; ;) {
      const gap = Number(await this.spacing(spacingKey, String(interval)));
      if (gap === 0) return 0;
      if (waited + gap > MAX_SPACING_WAIT_MS) return gap;
      await new Promise((r) => setTimeout(r, gap));
      waited += gap;
    }
  }
}
