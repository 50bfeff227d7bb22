import { Injectable } from '@nestjs/common';
import { RedisClient } from '#libs/queue';

/** Failure ratio that opens the breaker, over at least MIN_CALLS calls in the window. */
const FAILURE_RATIO = 0.5;
const MIN_CALLS = 10;
const BUCKET_MS = 10_000;
const WINDOW_BUCKETS = 3;
const BASE_OPEN_MS = 5_000;
const MAX_OPEN_MS = 5 * 60_000;

export type BreakerVerdict = { allowed: true; probe: boolean } | { allowed: false; retryAtMs: number };

/**
 * A per-target circuit breaker kept in Redis, so every worker shares it. Closed: calls go through
 * and outcomes are counted in 10 s buckets over a 30 s window. When at least half of ≥ 10 calls
 * failed (retryably: network, timeout, 429, 5xx), it opens for 5 s, doubling on each reopening up to
 * 5 min. After that one probe goes through (half-open): success closes it, failure reopens it.
 * While open, deliveries are parked — their attempts are not spent.
 */
@Injectable()
export class CircuitBreaker {
  constructor(private readonly client: RedisClient) {}

  async check(target: string, probeLeaseMs: number): Promise<BreakerVerdict> {
    const openUntil = Number(await this.client.redis.get(this.client.key('cb', target, 'open')));
    if (!openUntil) return { allowed: true, probe: false };
    const now = Date.now();
    if (now < openUntil) return { allowed: false, retryAtMs: openUntil };
    // Half-open: exactly one probe at a time.
    const won = await this.client.redis.set(
      this.client.key('cb', target, 'probe'),
      '1',
      'PX',
      probeLeaseMs,
      'NX',
    );
    return won ? { allowed: true, probe: true } : { allowed: false, retryAtMs: now + 1_000 };
  }

  /** Records an attempt's outcome; `failed` means a retryable failure of the target itself. */
  async record(target: string, failed: boolean, probe: boolean): Promise<void> {
    const r = this.client.redis;
    if (probe) {
      await r.del(this.client.key('cb', target, 'probe'));
      if (!failed) {
        await r.del(this.client.key('cb', target, 'open'), this.client.key('cb', target, 'level'));
        return;
      }
      await this.open(target, true);
      return;
    }
    // Calls that were already in flight when the breaker opened must not reopen it (and escalate).
    if (failed && (await r.exists(this.client.key('cb', target, 'open')))) return;
    const bucket = Math.floor(Date.now() / BUCKET_MS);
    const key = this.client.key('cb', target, 'w', String(bucket));
    await r
      .multi()
      .hincrby(key, failed ? 'fail' : 'ok', 1)
      .pexpire(key, BUCKET_MS * (WINDOW_BUCKETS + 1))
      .exec();
    if (!failed) return;
    const keys = Array.from({ length: WINDOW_BUCKETS }, (_, i) =>
      this.client.key('cb', target, 'w', String(bucket - i)),
    );
    const counts = await Promise.all(keys.map((k) => r.hmget(k, 'ok', 'fail')));
    const ok = counts.reduce((n, [o]) => n + Number(o ?? 0), 0);
    const fail = counts.reduce((n, [, f]) => n + Number(f ?? 0), 0);
    if (ok + fail >= MIN_CALLS && fail / (ok + fail) >= FAILURE_RATIO) {
      await this.open(target);
      await r.del(...keys);
    }
  }

  /**
   * Opens the breaker. Concurrent failures may all decide to open it; only the first (SET NX) does,
   * so the open time escalates once per opening. A failed probe reopens unconditionally.
   */
  private async open(target: string, reopen = false): Promise<void> {
    const r = this.client.redis;
    const levelKey = this.client.key('cb', target, 'level');
    const level = Number(await r.get(levelKey)) + 1;
    const openMs = Math.min(MAX_OPEN_MS, BASE_OPEN_MS * 2 ** (level - 1));
    const until = String(Date.now() + openMs);
    const keep = openMs + MAX_OPEN_MS;
    const openKey = this.client.key('cb', target, 'open');
    const won = reopen
      ? await r.set(openKey, until, 'PX', keep)
      : await r.set(openKey, until, 'PX', keep, 'NX');
    if (!won) return;
    await r
      .multi()
      .incr(levelKey)
      .pexpire(levelKey, MAX_OPEN_MS * 4)
      .exec();
  }
}
