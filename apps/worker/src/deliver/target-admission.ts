import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DEFAULT_MAX_CONCURRENCY } from '#libs/domain';
import { metrics } from '#libs/observability';
import { type JobPayloads, RedisClient, type RedisScript, redisScript } from '#libs/queue';
import { CircuitBreaker } from './circuit-breaker.js';
import { DeliveryWaker } from './delivery-waker.js';
import { TargetRateLimiter } from './rate-limiter.js';
import { KeptSlots, type Slot } from './kept-slots.js';
import { ACQUIRE, GRANT_MS, RELEASE } from './slot-scripts.js';

export interface AdmissionRequest {
  targetPk: string;
  deliveryId: string;
  /** The attempt the job is making (to wake exactly its job later). */
  attempt: number;
  rateLimitPerSecond?: number;
  maxConcurrency?: number;
  /** How long a concurrency slot is held at most (the call's timeout plus slack). */
  leaseMs: number;
  /**
   * When the target is at its cap, how long to wait in this process for a slot before giving up —
   * counted from the last slot of the target this process saw released (default 0: give up at once
   * and wait in the target's waiting line as a parked job).
   */
  waitLocallyMs?: number;
  /**
   * Whether a slot kept in this process may be taken (default true). A delivery run from a deliver
   * job passes false: it may be the first in the target's line, holding a slot granted to it in
   * Redis (see RELEASE), which it takes only there.
   */
  keptSlots?: boolean;
}

export type Admission =
  | { admitted: true; probe: boolean; release: () => Promise<void> }
  | { admitted: false; reason: 'CircuitOpen' | 'RateLimited' | 'TargetBusy'; retryAtMs: number };

/** A waiter whose wake-up was lost (a crash between release and wake) comes back after this long. */
const WAITING_FALLBACK_MS = 30_000;

/**
 * How long this process may keep passing a slot of a target from one of its deliveries to the next
 * without giving it back to Redis. Handing it on costs no Redis round trip (two per delivery
 * otherwise); giving it back now and then lets deliveries waiting in the target's line — parked, or
 * in other workers — have their turn. The slot's lease in Redis (the call's timeout + 5 s from when
 * it was taken) still covers a whole call started this soon after, so it needs no renewal.
 */
const HANDOFF_TENURE_MS = 250;

/**
 * How long a slot this process no longer needs stays with it, within its tenure, for the target's
 * next delivery here: at a steady rate the next one comes within milliseconds, and takes the slot
 * without the two Redis round trips (give back, take again) that would otherwise sit on every
 * delivery's way. Deliveries waiting in the target's line, in Redis, wait this much longer at most.
 */
const KEEP_SLOT_MS = 20;

/** What wakes a local waiter: a slot handed on to it, or the news that one went back to Redis. */
type Wake = (slot?: Slot) => void;

/**
 * Decides whether a delivery may call its target now: the circuit breaker, the target's rate limit
 * (a token bucket in Redis, shared by all workers) and its concurrency cap (a sorted set of leases
 * that expire on their own, so a crashed worker cannot leak a slot). A delivery that is not admitted
 * is parked without spending an attempt: until its breaker or rate slot comes, or — when the target
 * is at its cap — in the target's waiting line, from which each released slot wakes the next one.
 */
@Injectable()
export class TargetAdmission {
  /** Callers in this process waiting for one of its slots of a target to be released. */
  private readonly localWaiters = new Map<string, Wake[]>();
  /** Set at shutdown: nobody waits in the process any more (see stopWaiting). */
  private stopped = false;
  /** Slots of each target held by this process, and when it last released one. */
  private readonly held = new Map<string, number>();
  private readonly lastRelease = new Map<string, number>();
  /**
   * Targets whose waiting line in Redis is known not to be empty: this process joined it, or some
   * still waited in it when this process last gave a slot back. Their slots go back at once.
   */
  private readonly lineWaiting = new Set<string>();
  /** HANDOFF_TENURE_MS and KEEP_SLOT_MS; a test stretches them to watch a kept slot unhurried. */
  timing = { tenureMs: HANDOFF_TENURE_MS, keepMs: KEEP_SLOT_MS };
  /**
   * Runs in this process a parked delivery that a slot given back here was granted to, instead of
   * waking its job; false when it cannot, and the job is woken (see FirstAttempts.runGranted).
   */
  runGranted: (grant: JobPayloads['deliver']) => boolean = () => false;
  /** Slots of each target held by this process between deliveries (counted in `held` too). */
  private readonly kept = new KeptSlots((targetPk, slot) => void this.giveBackQuietly(targetPk, slot));

  private readonly acquireScript: RedisScript;
  private readonly releaseScript: RedisScript;

  constructor(
    private readonly client: RedisClient,
    private readonly breaker: CircuitBreaker,
    private readonly rateLimiter: TargetRateLimiter,
    private readonly waker: DeliveryWaker,
  ) {
    this.acquireScript = redisScript(client.redis, ACQUIRE, 2);
    this.releaseScript = redisScript(client.redis, RELEASE, 2);
  }

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

    const limit = req.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY;
    const patience = this.stopped ? 0 : (req.waitLocallyMs ?? 0);
    let deadline = Date.now() + patience;
    for (;;) {
      const kept = req.keptSlots === false ? undefined : this.kept.take(req.targetPk);
      if (kept) return { admitted: true, probe: breaker.probe, release: this.releaser(req, kept) };
      // With all its slots held here, the target is surely busy: no need to ask Redis.
      const localFull = (this.held.get(req.targetPk) ?? 0) >= limit;
      const left = deadline - Date.now();
      if (!localFull || left <= 0) {
        const slot = await this.acquire(req, limit, left <= 0);
        if (slot) return { admitted: true, probe: breaker.probe, release: this.releaser(req, slot) };
        if (left <= 0)
          return { admitted: false, reason: 'TargetBusy', retryAtMs: Date.now() + WAITING_FALLBACK_MS };
      }
      // Slots held by other processes free up without a signal here, so look again now and then.
      const handed = await this.waitForLocalRelease(req.targetPk, localFull ? left : Math.min(left, 100));
      if (handed) return { admitted: true, probe: breaker.probe, release: this.releaser(req, handed) };
      // A slot of the target freed here shows it is making progress: the patience starts over, so
      // only a target that stalls (slow or hanging) sends its deliveries to wait as parked jobs.
      deadline = this.stopped ? 0 : Math.max(deadline, (this.lastRelease.get(req.targetPk) ?? 0) + patience);
    }
  }

  /** One try at a slot; on failure, joins the target's waiting line if `joinLine` (see ACQUIRE). */
  private async acquire(req: AdmissionRequest, limit: number, joinLine: boolean): Promise<Slot | undefined> {
    const now = Date.now();
    // A slot outlives the delivery that took it (handed on, or kept), so it is named apart: the same
    // delivery asking again while another holds its old slot must take a slot of its own.
    const member = `${req.deliveryId}:${randomUUID()}`;
    const got = await this.acquireScript(
      this.client.key('inflight', req.targetPk),
      this.client.key('waiting', req.targetPk),
      String(now),
      String(limit),
      String(now + req.leaseMs),
      member,
      String(req.leaseMs * 2),
      `${req.deliveryId}|${req.attempt}`,
      joinLine ? '1' : '0',
    );
    if (got !== 1) {
      if (joinLine) this.lineWaiting.add(req.targetPk);
      return undefined;
    }
    this.held.set(req.targetPk, (this.held.get(req.targetPk) ?? 0) + 1);
    return { member, acquiredAt: now, limit };
  }

  /**
   * Gives the slot back. While the slot is young (HANDOFF_TENURE_MS) it stays in this process: it
   * goes straight to a delivery of this process waiting for the target, or else is kept for the
   * target's next one (KEEP_SLOT_MS), with no Redis round trip. Otherwise it goes back to Redis,
   * which hands it to the first in the target's waiting line, and a local waiter is woken to try
   * for a slot.
   */
  private releaser(req: AdmissionRequest, slot: Slot): () => Promise<void> {
    return async () => {
      const { tenureMs, keepMs } = this.timing;
      if (!this.stopped && !this.lineWaiting.has(req.targetPk) && Date.now() - slot.acquiredAt < tenureMs) {
        const waiter = this.nextLocalWaiter(req.targetPk);
        if (waiter) {
          this.lastRelease.set(req.targetPk, Date.now());
          waiter(slot);
        } else {
          this.kept.keep(req.targetPk, slot, Math.min(keepMs, slot.acquiredAt + tenureMs - Date.now()));
        }
        return;
      }
      await this.giveBack(req.targetPk, slot);
    };
  }

  private async giveBack(targetPk: string, slot: Slot): Promise<void> {
    let answer: unknown;
    try {
      answer = await this.releaseScript(
        this.client.key('inflight', targetPk),
        this.client.key('waiting', targetPk),
        slot.member,
        String(Date.now()),
        String(slot.limit),
        String(GRANT_MS),
      );
    } finally {
      // Counted down only now: a local waiter woken before Redis has the slot back would miss it.
      // (A slot Redis did not get back comes back on its own when its lease runs out.)
      this.countDown(targetPk);
    }
    const [free, inLine, ...granted] = Array.isArray(answer) ? (answer as [number, number, ...string[]]) : [];
    if (this.localWaiters.has(targetPk)) this.lastRelease.set(targetPk, Date.now());
    else this.lastRelease.delete(targetPk);
    if (Number(inLine) > 0) this.lineWaiting.add(targetPk);
    else this.lineWaiting.delete(targetPk);
    // A waiter here may take a slot only if one is left free: one granted to the line is not.
    if (Number(free) > 0) this.nextLocalWaiter(targetPk)?.();
    await Promise.all(
      granted.map((waiter: string) => {
        const [deliveryId, attempt] = waiter.split('|');
        if (!deliveryId || !attempt) return undefined;
        const here = this.runGranted({ deliveryId, targetPk, attempt: Number(attempt) });
        metrics.slotGrants.inc({ taken: here ? 'worker' : 'job' });
        return here ? undefined : this.waker.wake(deliveryId, Number(attempt));
      }),
    );
  }

  /** A kept slot that Redis does not get back now comes back on its own when its lease runs out. */
  private giveBackQuietly(targetPk: string, slot: Slot): Promise<void> {
    return this.giveBack(targetPk, slot).catch(() => undefined);
  }

  private countDown(targetPk: string): void {
    const n = (this.held.get(targetPk) ?? 1) - 1;
    if (n > 0) this.held.set(targetPk, n);
    else this.held.delete(targetPk);
  }

  /**
   * Resolves when this process releases a slot of the target — with the slot itself if it was handed
   * on to this waiter — or after `ms` with undefined.
   */
  private waitForLocalRelease(targetPk: string, ms: number): Promise<Slot | undefined> {
    return new Promise((resolve) => {
      const waiters = this.localWaiters.get(targetPk) ?? [];
      this.localWaiters.set(targetPk, waiters);
      const wake: Wake = (slot) => {
        clearTimeout(timer);
        resolve(slot);
      };
      const timer = setTimeout(() => {
        const i = waiters.indexOf(wake);
        if (i >= 0) waiters.splice(i, 1);
        if (waiters.length === 0) this.localWaiters.delete(targetPk);
        resolve(undefined);
      }, ms);
      waiters.push(wake);
    });
  }

  /**
   * At shutdown: deliveries waiting in this process for a slot stop waiting and become parked jobs
   * (another worker takes them), so the shutdown waits only for calls already made; kept slots go
   * back to Redis (resolves once they have).
   */
  stopWaiting(): Promise<void> {
    this.stopped = true;
    for (const waiters of this.localWaiters.values()) for (const wake of waiters.splice(0)) wake();
    this.localWaiters.clear();
    const kept = this.kept.takeAll();
    return Promise.all(kept.map(({ targetPk, slot }) => this.giveBackQuietly(targetPk, slot))).then(
      () => undefined,
    );
  }

  /** Takes the first waiter of the target in this process, if any. */
  private nextLocalWaiter(targetPk: string): Wake | undefined {
    const waiters = this.localWaiters.get(targetPk);
    const wake = waiters?.shift();
    if (waiters?.length === 0) this.localWaiters.delete(targetPk);
    return wake;
  }

  /** Counts an attempt's outcome for the breaker. */
  record(targetPk: string, targetFailed: boolean, probe: boolean): Promise<void> {
    return this.breaker.record(targetPk, targetFailed, probe);
  }
}

const jitter = (ms: number) => Math.floor(Math.random() * ms);
