import { Injectable } from '@nestjs/common';
import { RedisClient } from '#libs/queue';
import { CircuitBreaker } from './circuit-breaker.js';
import { DeliveryWaker } from './delivery-waker.js';
import { TargetRateLimiter } from './rate-limiter.js';

/** Default cap on deliveries in flight to one target: a hanging target can hold no more workers. */
export const DEFAULT_TARGET_CONCURRENCY = 10;

export interface AdmissionRequest {
  targetPk: string;
  deliveryId: string;
  /** The attempt the job is making (to wake exactly its job later). */
  attempt: number;
  rateLimitPerSecond?: number;
  maxConcurrency?: number;
  /** How long a concurrency slot is held at most (the call's timeout plus slack). */
  leaseMs: number;
}

export type Admission =
  | { admitted: true; probe: boolean; release: () => Promise<void> }
  | { admitted: false; reason: 'CircuitOpen' | 'RateLimited' | 'TargetBusy'; retryAtMs: number };

// Atomically: drop expired leases, take a slot if fewer than ARGV[2] are held (leaving the waiting
// line, KEYS[2], if this delivery was in it), else join the line. Doing both in one script means a
// slot freed in between cannot be missed: the releaser either sees this waiter or this caller sees
// the free slot.
const ACQUIRE = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], ARGV[3], ARGV[4])
  redis.call('PEXPIRE', KEYS[1], ARGV[5])
  redis.call('ZREM', KEYS[2], ARGV[6])
  return 1
end
redis.call('ZADD', KEYS[2], 'NX', ARGV[1], ARGV[6])
redis.call('PEXPIRE', KEYS[2], 3600000)
return 0`;

// Atomically: give the slot back and take the first in line, if any.
const RELEASE = `
redis.call('ZREM', KEYS[1], ARGV[1])
local next = redis.call('ZPOPMIN', KEYS[2])
return next[1]`;

/** A waiter whose wake-up was lost (a crash between release and wake) comes back after this long. */
const WAITING_FALLBACK_MS = 30_000;

/**
 * Decides whether a delivery may call its target now: the circuit breaker, the target's rate limit
 * (a token bucket in Redis, shared by all workers) and its concurrency cap (a sorted set of leases
 * that expire on their own, so a crashed worker cannot leak a slot). A delivery that is not admitted
 * is parked without spending an attempt: until its breaker or rate slot comes, or — when the target
 * is at its cap — in the target's waiting line, from which each released slot wakes the next one.
 */
@Injectable()
export class TargetAdmission {
  constructor(
    private readonly client: RedisClient,
    private readonly breaker: CircuitBreaker,
    private readonly rateLimiter: TargetRateLimiter,
    private readonly waker: DeliveryWaker,
  ) {}

  async admit(req: AdmissionRequest): Promise<Admission> {
    const breaker = await this.breaker.check(req.targetPk, req.leaseMs);
    if (!breaker.allowed)
      return { admitted: false, reason: 'CircuitOpen', retryAtMs: breaker.retryAtMs + jitter(500) };

    // The rate limit first: a delivery that must wait gets its slot reserved and comes back exactly
    // then, instead of queueing behind the concurrency cap and arriving in a bunch later.
    if (req.rateLimitPerSecond) {
      const waitMs = await this.rateLimiter.acquire(req.targetPk, req.deliveryId, req.rateLimitPerSecond);
      if (waitMs > 0) return { admitted: false, reason: 'RateLimited', retryAtMs: Date.now() + waitMs };
    }

    const slots = this.client.key('inflight', req.targetPk);
    const line = this.client.key('waiting', req.targetPk);
    const now = Date.now();
    const limit = req.maxConcurrency ?? DEFAULT_TARGET_CONCURRENCY;
    const me = `${req.deliveryId}|${req.attempt}`;
    const got = await this.client.redis.eval(
      ACQUIRE,
      2,
      slots,
      line,
      String(now),
      String(limit),
      String(now + req.leaseMs),
      req.deliveryId,
      String(req.leaseMs * 2),
      me,
    );
    if (got !== 1) return { admitted: false, reason: 'TargetBusy', retryAtMs: now + WAITING_FALLBACK_MS };
    const release = async () => {
      const next = await this.client.redis.eval(RELEASE, 2, slots, line, req.deliveryId);
      if (typeof next !== 'string') return;
      const [deliveryId, attempt] = next.split('|');
      if (deliveryId && attempt) await this.waker.wake(deliveryId, Number(attempt));
    };
    return { admitted: true, probe: breaker.probe, release };
  }

  /** Counts an attempt's outcome for the breaker. */
  record(targetPk: string, targetFailed: boolean, probe: boolean): Promise<void> {
    return this.breaker.record(targetPk, targetFailed, probe);
  }
}

const jitter = (ms: number) => Math.floor(Math.random() * ms);
