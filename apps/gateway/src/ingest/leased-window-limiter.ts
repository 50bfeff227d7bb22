import type { Redis } from 'ioredis';
import { type RedisScript, redisScript } from '#libs/queue';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

// Takes up to ARGV[2] points from the current window of a key limited to ARGV[1] points
// (the window starts with its first point and lasts ARGV[3] ms). Returns the points granted (possibly
// fewer than asked, possibly 0) and the milliseconds left in the window.
const LEASE_SCRIPT = `
local used = tonumber(redis.call('GET', KEYS[1]) or '0')
local grant = math.min(tonumber(ARGV[2]), tonumber(ARGV[1]) - used)
if grant < 0 then grant = 0 end
if grant > 0 then redis.call('INCRBY', KEYS[1], grant) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  if used + grant > 0 then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end
  ttl = tonumber(ARGV[3])
end
return {grant, ttl}`;

/** A hot key leases about a tenth of its last window's use at a time. */
const LEASES_PER_WINDOW = 10;
/** No lease is larger than this share of the limit, so replicas cannot starve each other. */
const MAX_LEASE_SHARE = 1 / 20;

interface Bucket {
  /** Points leased from Redis and not yet spent in this process. */
  left: number;
  /** When the Redis window (and so the lease) ends, as Date.now(). */
  until: number;
  /** Redis granted nothing: the window is spent for every replica until `until`. */
  exhausted: boolean;
  /** Points spent here in this window, and in the previous one (sizes the next lease). */
  spent: number;
  lastSpent: number;
  /** A lease request on its way to Redis; concurrent requests wait for it instead of sending more. */
  pending?: Promise<void>;
}

/**
 * A fixed one-second-window limit shared by every gateway replica through Redis, without a Redis
 * round trip per request: each process leases points from the shared window in blocks sized to its
 * own recent use (1 at a time for a cold key, about a tenth of the last second's use for a hot one,
 * never more than 1/20 of the limit) and spends them locally. The shared count is exact — replicas
 * together never admit more than the limit in a window; the cost is that points a replica leased and
 * did not spend expire with the window (at most one lease per replica per key). Once Redis grants
 * nothing, the key is refused locally until the window ends.
 *
 * If Redis is unavailable, an in-process limiter (rate-limiter-flexible's RateLimiterMemory) with
 * the same limit stands in, rather than refusing or allowing everything.
 */
export class LeasedWindowLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly insurance: RateLimiterMemory;
  private readonly maxLease: number;
  private lastEviction = 0;
  private readonly leaseScript: RedisScript;

  constructor(
    redis: Redis,
    private readonly keyPrefix: string,
    private readonly points: number,
    /** The window's length; one second for ingest limits (tests use other lengths). */
    private readonly windowMs = 1000,
  ) {
    this.insurance = new RateLimiterMemory({ points, duration: windowMs / 1000 });
    this.maxLease = Math.max(1, Math.floor(points * MAX_LEASE_SHARE));
    this.leaseScript = redisScript(redis, LEASE_SCRIPT, 1);
  }

  /** Spends one point of `key`: undefined if allowed, otherwise the milliseconds until the window ends. */
  async consume(key: string): Promise<number | undefined> {
    for (;;) {
      const now = Date.now();
      let b = this.buckets.get(key);
      if (!b) {
        b = { left: 0, until: 0, exhausted: false, spent: 0, lastSpent: 0 };
        this.buckets.set(key, b);
        this.evictExpired(now);
      }
      if (now < b.until) {
        if (b.left > 0) {
          b.left--;
          b.spent++;
          return undefined;
        }
        if (b.exhausted) return b.until - now;
      }
      if (!b.pending) {
        const bucket = b;
        bucket.pending = this.lease(key, bucket, now).finally(() => (bucket.pending = undefined));
      }
      try {
        await b.pending;
      } catch {
        return this.insured(key);
      }
    }
  }

  private async lease(key: string, b: Bucket, now: number): Promise<void> {
    if (now >= b.until) {
      // A new window: what this process spent in the last one (if it was the window just gone) sizes
      // the lease.
      b.lastSpent = now - b.until < this.windowMs ? b.spent : 0;
      b.spent = 0;
    }
    const recent = Math.max(b.lastSpent, b.spent);
    const want = Math.min(this.maxLease, Math.max(1, Math.ceil(recent / LEASES_PER_WINDOW)));
    const [granted, ttl] = (await this.leaseScript(
      `${this.keyPrefix}:${key}`,
      this.points,
      want,
      this.windowMs,
    )) as [number, number];
    const at = Date.now();
    if (at >= b.until) b.left = 0; // an unspent lease from an ended window is gone
    b.left += granted;
    b.until = at + ttl;
    b.exhausted = granted === 0;
  }

  private async insured(key: string): Promise<number | undefined> {
    try {
      await this.insurance.consume(key);
      return undefined;
    } catch (res) {
      if (res instanceof RateLimiterRes) return res.msBeforeNext;
      throw res;
    }
  }

  /**
   * Keeps the map from growing with every key ever seen: drops buckets whose window is long over.
   * At most one scan per window, so many live keys do not cost a scan per new key.
   */
  private evictExpired(now: number): void {
    if (this.buckets.size < 10_000 || now - this.lastEviction < this.windowMs) return;
    this.lastEviction = now;
    for (const [k, b] of this.buckets)
      if (!b.pending && now - b.until > this.windowMs) this.buckets.delete(k);
  }
}
