import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import type { JobsOptions, Queue } from 'bullmq';
import {
  type CarriedEvent,
  CARRIED_EVENT_MAX_BYTES,
  DEFAULT_JOB_OPTIONS,
  jobId,
  type JobPayloads,
  MaintenanceTask,
  QueueName,
  ROUTE_BATCH_MAX,
  ROUTE_CARRY_MAX_BYTES,
  ROUTE_CARRY_MAX_WAITING,
  ROUTE_WAITING_POLL_MS,
} from './queue.contract.js';

/** The only way code adds jobs: typed payloads, deterministic ids, the contract's options. */
@Injectable()
export class QueueProducer implements OnModuleDestroy {
  /** Route jobs waiting, as last read (see routeJobsWaiting). */
  private routeWaiting = 0;
  private routeWaitingPoll: NodeJS.Timeout | undefined;
  private routeWaitingReading = false;
  /** Set once the queues are closing: no reading starts after that (shutdown still adds jobs). */
  private closing = false;

  constructor(
    @InjectQueue(QueueName.Route) private readonly route: Queue<JobPayloads['route']>,
    @InjectQueue(QueueName.Deliver) private readonly deliver: Queue<JobPayloads['deliver']>,
    @InjectQueue(QueueName.Replay) private readonly replay: Queue<JobPayloads['replay']>,
    @InjectQueue(QueueName.Maintenance) private readonly maintenance: Queue<JobPayloads['maintenance']>,
  ) {}

  onModuleDestroy(): void {
    this.closing = true;
    clearInterval(this.routeWaitingPoll);
    this.routeWaitingPoll = undefined;
  }

  /**
   * Enqueues routing for committed events, up to ROUTE_BATCH_MAX per job, each job carrying those of
   * `carried` that fit (see ROUTE_CARRY_MAX_BYTES), unless more than ROUTE_CARRY_MAX_WAITING route
   * jobs wait. Routing is idempotent, so an event that ends up in two jobs (a sweep racing a slow
   * job) is routed once.
   */
  async routeEvents(
    eventIds: readonly string[],
    carried: ReadonlyMap<string, CarriedEvent> = new Map(),
  ): Promise<void> {
    if (eventIds.length === 0) return;
    if (carried.size > 0 && this.routeJobsWaiting() >= ROUTE_CARRY_MAX_WAITING) carried = new Map();
    const batches: string[][] = [];
    for (let i = 0; i < eventIds.length; i += ROUTE_BATCH_MAX)
      batches.push(eventIds.slice(i, i + ROUTE_BATCH_MAX));
    await addAll(
      this.route,
      batches.map((ids) => {
        const events = carriedWithin(ids, carried);
        return {
          name: QueueName.Route,
          data: events.length > 0 ? { eventIds: ids, events } : { eventIds: ids },
          opts: { ...DEFAULT_JOB_OPTIONS, jobId: jobId.route(ids) },
        };
      }),
    );
  }

  /**
   * Route jobs waiting, as read at most ROUTE_WAITING_POLL_MS ago (0 until the first reading, which
   * this first call starts).
   */
  routeJobsWaiting(): number {
    if (!this.routeWaitingPoll && !this.closing) {
      const read = () => {
        if (this.routeWaitingReading) return;
        this.routeWaitingReading = true;
        this.route
          .getWaitingCount()
          .then((n) => (this.routeWaiting = n))
          // Redis unavailable: adds fail too (the sweeper enqueues those events later), and a stale
          // long backlog must not keep ingest shedding meanwhile.
          .catch(() => (this.routeWaiting = 0))
          .finally(() => (this.routeWaitingReading = false));
      };
      this.routeWaitingPoll = setInterval(read, ROUTE_WAITING_POLL_MS).unref();
      read();
    }
    return this.routeWaiting;
  }

  /**
   * When the route job that has waited longest was added (ms since the epoch, the adder's clock), or
   * undefined when none waits. Route jobs are taken in the order they were added.
   */
  async oldestWaitingRouteJobAt(): Promise<number | undefined> {
    const jobs = await this.route.getJobs(['wait'], 0, 0, true);
    return jobs.find((j) => j !== undefined)?.timestamp;
  }

  /** Enqueues delivery attempts; `attempt` is the number of the attempt the job will make. */
  async deliverMany(items: ReadonlyArray<JobPayloads['deliver'] & { delayMs?: number }>): Promise<void> {
    if (items.length === 0) return;
    await addAll(
      this.deliver,
      items.map(({ delayMs, ...data }) => ({
        name: QueueName.Deliver,
        data,
        opts: {
          ...DEFAULT_JOB_OPTIONS,
          jobId: jobId.deliver(data),
          delay: delayMs && delayMs > 0 ? delayMs : undefined,
        },
      })),
    );
  }

  /**
   * Enqueues slice number `slice` of a replay (idempotent per slice). The consumer reloads the
   * replay and processes whatever follows its cursor, so an extra or late job does no harm.
   */
  async replaySlice(replayId: string, slice: number, delayMs = 0, sweep = false): Promise<void> {
    await this.replay.add(
      QueueName.Replay,
      { replayId },
      {
        ...DEFAULT_JOB_OPTIONS,
        jobId: jobId.replay({ replayId, slice, sweep }),
        delay: delayMs > 0 ? delayMs : undefined,
      },
    );
  }

  /**
   * Removes a deliver job whose attempt was made without it (see FirstAttempts.runGranted); a job
   * that a worker is running stays (it finds its delivery no longer due).
   */
  async discardDeliver(deliveryId: string, attempt: number): Promise<void> {
    await this.deliver.remove(jobId.deliver({ deliveryId, attempt }));
  }

  /**
   * Runs a delayed deliver job now. A job that is gone is left to the sweeper: creating one here
   * could start an attempt its retry backoff does not allow yet.
   */
  async promote(deliveryId: string, attempt: number): Promise<void> {
    const job = await this.deliver.getJob(jobId.deliver({ deliveryId, attempt }));
    if (job && (await job.isDelayed())) await job.promote().catch(() => undefined);
  }

  /**
   * Installs the repeatable maintenance jobs (idempotent: schedulers are keyed by task). The sweep
   * is not among them: it runs on a timer in the worker so that it survives a Redis flush.
   */
  async scheduleMaintenance(): Promise<void> {
    const every = { [MaintenanceTask.Expire]: 60_000, [MaintenanceTask.Partitions]: 3_600_000 };
    for (const [task, ms] of Object.entries(every) as Array<[MaintenanceTask, number]>) {
      await this.maintenance.upsertJobScheduler(
        `maintenance_${task}`,
        { every: ms },
        { name: QueueName.Maintenance, data: { task }, opts: { removeOnComplete: true, removeOnFail: 100 } },
      );
    }
  }
}

/**
 * Adds jobs: one alone with `add`, several with `addBulk`. Most adds are of one job (a route job
 * for a group commit), and `addBulk` builds an ioredis pipeline for it — measured at 280–290 µs of
 * CPU per call against 160–170 µs for `add`.
 */
type Bulk<T> = Array<{ name: string; data: T; opts: JobsOptions }>;

async function addAll<T>(
  queue: {
    add(name: string, data: T, opts: JobsOptions): Promise<unknown>;
    addBulk(jobs: Bulk<T>): Promise<unknown>;
  },
  jobs: Bulk<T>,
): Promise<void> {
  const [only] = jobs;
  if (jobs.length === 1 && only) await queue.add(only.name, only.data, only.opts);
  else await queue.addBulk(jobs);
}

/** The carried events of a job's ids, as many as its byte budget allows. */
function carriedWithin(ids: readonly string[], carried: ReadonlyMap<string, CarriedEvent>): CarriedEvent[] {
  const out: CarriedEvent[] = [];
  let budget = ROUTE_CARRY_MAX_BYTES;
  for (const id of ids) {
    const event = carried.get(id);
    if (!event) continue;
    const size = (event.rawBody?.length ?? 0) + (event.envelope?.length ?? 0);
    if (size > CARRIED_EVENT_MAX_BYTES || size > budget) continue;
    budget -= size;
    out.push(event);
  }
  return out;
}
