import { type BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { type JobPayloads, QueueProducer } from '#libs/queue';
import type { ClaimedDelivery } from './delivery-store.js';
import { DeliverService } from './deliver.service.js';
import { DeliveryWaker } from './delivery-waker.js';
import { ALREADY_CREATED, type RoutingOutcome } from './routing-outcome.js';
import { TargetAdmission } from './target-admission.js';

/** First attempts running in this process at most (beyond that, deliveries become jobs). */
const MAX_IN_FLIGHT = 1_000;

/**
 * First attempts of deliveries that routing has just created, run in this process without a job
 * (see RouteService). They run detached from the route job, so a slow target holds no route slot.
 * Routing reserves room before it commits (the deliveries it leases must be started), and shutdown
 * waits for every reserved and running attempt — those still waiting for a slot of their target
 * become parked jobs at once — so a SIGTERM loses or repeats none of them. A crash
 * leaves them leased and pending; the sweeper enqueues them once the lease runs out.
 */
@Injectable()
export class FirstAttempts implements BeforeApplicationShutdown {
  private readonly logger = new Logger(FirstAttempts.name);
  private readonly running = new Set<Promise<void>>();
  private reserved = 0;
  private closing = false;
  private readonly settled = new Set<() => void>();
  /** When room was last freed (an attempt ended, or reserved room was given back). */
  private lastFreedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly deliverer: DeliverService,
    private readonly admission: TargetAdmission,
    private readonly waker: DeliveryWaker,
    private readonly producer: QueueProducer,
  ) {
    admission.runGranted = (grant) => this.runGranted(grant);
  }

  /** Reserves room for up to `max` first attempts; returns how many were granted. */
  reserve(max: number): number {
    const room = this.closing ? 0 : MAX_IN_FLIGHT - this.running.size - this.reserved;
    const n = Math.max(0, Math.min(max, room));
    this.reserved += n;
    return n;
  }

  /**
   * Reserves room for `n` first attempts, waiting until there is room for all of them for as long as
   * attempts keep ending: it gives up only once no room has been freed for `maxWaitMs`. Returns how
   * many were granted (fewer only after giving up). Routing waits here while this process's attempts
   * are behind, so a backlog stays in the route queue — where an event costs nothing until it is
   * routed — instead of overflowing into deliver jobs, each of which costs a job, a claim and more
   * Redis round trips, and would slow the worker further the more it falls behind. The bound keeps
   * routing going when attempts are stuck (they give up within about a second of their target
   * stalling, see TargetAdmission). It counts from the last room freed, not from the start: on a
   * worker that is merely busy, route jobs queue for room for longer than any fixed bound (fifty
   * concurrent jobs of a hundred events wait for 5 000 attempts), and such a bound sent whole jobs'
   * deliveries to the slower path under overload. Waiting and reserving happen in one step, so
   * concurrent route jobs woken by the same freed room cannot overbook it.
   */
  async reserveWithin(n: number, maxWaitMs: number): Promise<number> {
    let deadline = Date.now() + maxWaitMs;
    while (!this.closing && this.running.size + this.reserved + n > MAX_IN_FLIGHT) {
      const left = deadline - Date.now();
      if (left <= 0) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.settled.add(() => {
          clearTimeout(timer);
          resolve();
        });
      });
      deadline = Math.max(deadline, this.lastFreedAt + maxWaitMs);
    }
    return this.reserve(n);
  }

  /** Gives back reserved room that was not used. */
  unreserve(n: number): void {
    this.reserved -= n;
    if (n > 0) this.lastFreedAt = Date.now();
    this.notify();
  }

  /**
   * Starts a reserved first attempt; `routing` is what it learns of routing's statement (for an
   * attempt started before the statement was sent, see RoutedDeliveries.startEarly).
   */
  start(d: ClaimedDelivery, routing: RoutingOutcome = ALREADY_CREATED): void {
    this.track(this.deliverer.deliverRouted(d, routing), (err) => {
      // The statement need not wait for this attempt any longer.
      routing.report(undefined);
      // The delivery stays leased and pending: the sweeper enqueues it once the lease runs out.
      this.logger.warn(`first attempt of ${d.id} left to the sweeper: ${err.message}`);
    });
  }

  /** Runs an attempt in the room reserved for it, until it settles (shutdown waits for it). */
  private track(attempt: Promise<unknown>, failed: (err: Error) => void): void {
    this.reserved--;
    const run: Promise<void> = attempt
      .then(() => undefined, failed)
      .finally(() => {
        this.running.delete(run);
        this.lastFreedAt = Date.now();
        this.notify();
      });
    this.running.add(run);
  }

  /**
   * Makes, in this process, the attempt of a parked delivery that a slot given back here was
   * granted to (see TargetAdmission.giveBack), as its job would: the job's way back (a promotion,
   * then a pick-up by some worker) kept the granted slot idle for several round trips more. The
   * job, still delayed, is removed once the attempt is made. It is woken instead when the delivery
   * could not be claimed (it was still being parked), or when it parked again for a reason of its
   * own (breaker, rate limit, predecessor), so that it comes back at its own time; parked again
   * for its busy target, it is back in the line. False (the job is woken) without room.
   */
  runGranted(grant: JobPayloads['deliver']): boolean {
    if (this.reserve(1) === 0) return false;
    this.track(
      this.deliverer.deliver(grant).then(async (result) => {
        if (result.kind === 'done' && result.state !== 'not-due')
          await this.producer.discardDeliver(grant.deliveryId, grant.attempt);
        else if (result.kind === 'done' || result.reason !== 'TargetBusy')
          await this.waker.wake(grant.deliveryId, grant.attempt);
      }),
      (err) => this.logger.warn(`granted attempt of ${grant.deliveryId} left to its job: ${err.message}`),
    );
    return true;
  }

  /** First attempts running or reserved. */
  get busy(): number {
    return this.running.size + this.reserved;
  }

  /** While shutting down: how many first attempts it still waits for (0 otherwise). */
  get draining(): number {
    return this.closing ? this.busy : 0;
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    // Those still waiting for a slot of their target become jobs; only calls under way are awaited.
    const slotsBack = this.admission.stopWaiting();
    if (this.draining > 0) this.logger.log(`waiting for ${this.draining} first attempts to finish`);
    while (this.running.size > 0 || this.reserved > 0)
      await new Promise<void>((resolve) => this.settled.add(resolve));
    await slotsBack;
  }

  private notify(): void {
    for (const resolve of this.settled) resolve();
    this.settled.clear();
  }
}
