import { Injectable } from '@nestjs/common';
import { RedisClient } from '#libs/queue';
import { CircuitBreaker } from './circuit-breaker.js';
import { TargetRateLimiter } from './rate-limiter.js';

/** Default cap on deliveries in flight to one target: a hanging target can hold no more workers. */
export const DEFAULT_TARGET_CONCURRENCY = 10;

export interface AdmissionRequest {
  targetPk: string;
  deliveryId: string;
  rateLimitPerSecond?: number;
  maxConcurrency?: number;
  /** How long a concurrency slot is held at most (the call's timeout plus slack). */
  leaseMs: number;
}

export type Admission =
  | { admitted: true; probe: boolean; release: () => Promise<void> }
  | { admitted: false; reason: 'CircuitOpen' | 'RateLimited' | 'TargetBusy'; retryAtMs: number };

// Atomically: drop expired leases, and take a slot if fewer than ARGV[2] are held.
const ACQUIRE = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], ARGV[3], ARGV[4])
  redis.call('PEXPIRE', KEYS[1], ARGV[5])
  return 1
end
return 0`;

/**
 * Decides whether a delivery may call its target now: the circuit breaker, the target's rate limit
 * (a token bucket in Redis, shared by all workers) and its concurrency cap (a sorted set of leases
 * that expire on their own, so a crashed worker cannot leak a slot). A delivery that is not admitted
 * is parked and tried again later without spending an attempt.
 */
@Injectable()
export class TargetAdmission {
  constructor(
    private readonly client: RedisClient,
    private readonly breaker: CircuitBreaker,
    private readonly rateLimiter: TargetRateLimiter,
  ) {}

  async admit(req: AdmissionRequest): Promise<Admission> {
    const breaker = await this.breaker.check(req.targetPk, req.leaseMs);
    if (!breaker.allowed)
      return { admitted: false, reason: 'CircuitOpen', retryAtMs: breaker.retryAtMs + jitter(500) };

    // The rate limit first: a delivery that must wait gets its slot reserved and comes back exactly
    // then, instead of queueing behind the concurrency cap and arriving in a bunch later.
    if (req.rateLimitPerSecond) {
      const waitMs = await this.rateLimiter.acquire(req.targetPk, req.deliveryId, req.rateLimitPerSecond);
      if (waitMs > 0) {
        return { admitted: false, reason: 'RateLimited', retryAtMs: Date.now() + waitMs };
      }
    }
    const slots = this.client.key('inflight', req.targetPk);
    const now = Date.now();
    const limit = req.maxConcurrency ?? DEFAULT_TARGET_CONCURRENCY;
    const got = await this.client.redis.eval(
      ACQUIRE,
      1,
      slots,
      String(now),
      String(limit),
      String(now + req.leaseMs),
      req.deliveryId,
      String(req.leaseMs * 2),
    );
    if (got !== 1) return { admitted: false, reason: 'TargetBusy', retryAtMs: now + 200 + jitter(300) };
    const release = async () => {
      await this.client.redis.zrem(slots, req.deliveryId);
    };

    return { admitted: true, probe: breaker.probe, release };
  }

  /** Counts an attempt's outcome for the breaker. */
  record(targetPk: string, targetFailed: boolean, probe: boolean): Promise<void> {
    return this.breaker.record(targetPk, targetFailed, probe);
  }
}

const jitter = (ms: number) => Math.floor(Math.random() * ms);
