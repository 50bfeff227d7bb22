import { Injectable } from '@nestjs/common';
import { RedisClient } from '#libs/queue';

/** Failure ratio that opens the breaker, over at least MIN_CALLS calls in the window. */
const FAILURE_RATIO = 0.5;
const MIN_CALLS = 10;
const BUCKET_MS = 10_000;
const WINDOW_BUCKETS = 3;
const BASE_OPEN_MS = 5_000;
const MAX_OPEN_MS = 5 * 60_000;
/**
 * A closed breaker seen in Redis is taken as closed for this long without asking again, and
 * successes are counted in Redis in one write per this interval (a stop loses at most that much of
 * the count): a breaker another worker opens stops this one's calls within 100 ms.
 */
const LOCAL_MS = 100;

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
  /** Targets whose breaker was closed in Redis, until when that is trusted. */
  private readonly closedUntil = new Map<string, number>();
  /** Successes not yet written to Redis, per target and bucket. */
  private readonly unwritten = new Map<string, { target: string; bucket: number; ok: number }>();
  private flushTimer: NodeJS.Timeout | undefined;

  constructor(private readonly client: RedisClient) {}

  async check(target: string, probeLeaseMs: number): Promise<BreakerVerdict> {
    if ((this.closedUntil.get(target) ?? 0) > Date.now()) return { allowed: true, probe: false };
    const openUntil = Number(await this.client.redis.get(this.client.key('cb', target, 'open')));
    if (!openUntil) {
      if (this.closedUntil.size > 10_000) this.closedUntil.clear();
      this.closedUntil.set(target, Date.now() + LOCAL_MS);
      return { allowed: true, probe: false };
    }
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
    const bucket = Math.floor(Date.now() / BUCKET_MS);
    if (!failed) {
      this.countSuccess(target, bucket);
      return;
    }
    this.closedUntil.delete(target);
    // Calls that were already in flight when the breaker opened must not reopen it (and escalate).
    if (await r.exists(this.client.key('cb', target, 'open'))) return;
    await this.flush(target);
    const key = this.client.key('cb', target, 'w', String(bucket));
    await r
      .multi()
      .hincrby(key, 'fail', 1)
      .pexpire(key, BUCKET_MS * (WINDOW_BUCKETS + 1))
      .exec();
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

  private countSuccess(target: string, bucket: number): void {
    const k = `${target}|${bucket}`;
    const entry = this.unwritten.get(k) ?? { target, bucket, ok: 0 };
    entry.ok++;
    this.unwritten.set(k, entry);
    this.flushTimer ??= setTimeout(() => {
      this.flushTimer = undefined;
      this.flush().catch(() => undefined);
    }, LOCAL_MS);
  }

  /** Writes the counted successes (of one target, or of all) to Redis in one round trip. */
  private async flush(target?: string): Promise<void> {
    const entries = [...this.unwritten.entries()].filter(
      ([, e]) => target === undefined || e.target === target,
    );
    if (entries.length === 0) return;
    const m = this.client.redis.multi();
    for (const [k, e] of entries) {
      this.unwritten.delete(k);
      const key = this.client.key('cb', e.target, 'w', String(e.bucket));
      m.hincrby(key, 'ok', e.ok).pexpire(key, BUCKET_MS * (WINDOW_BUCKETS + 1));
    }
    await m.exec();
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
    this.closedUntil.delete(target);
    if (!won) return;
    await r
      .multi()
      .incr(levelKey)
      .pexpire(levelKey, MAX_OPEN_MS * 4)
      .exec();
  }
}
