import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { Gauge } from 'prom-client';
import type pg from 'pg';
import { PG_POOL } from '#libs/db';
import { registry } from '#libs/observability';
import { QueueName } from '#libs/queue';
import { withTimeout } from '../common/with-timeout.js';

const NAMES = [
  'hookbridge_queue_jobs',
  'hookbridge_dead_letters',
  'hookbridge_held_events',
  'hookbridge_replays_active',
] as const;

/**
 * A scrape must answer while PostgreSQL or Redis is down (the counters matter most then): a gauge
 * whose query fails or hangs (a BullMQ command waits for Redis to come back) keeps its last value.
 */
const COLLECT_TIMEOUT_MS = 1_000;

/**
 * Gauges computed when Prometheus scrapes the gateway: BullMQ queue depths by state, and from
 * PostgreSQL the dead letters, held events and active replays (each a count over a partial index).
 */
@Injectable()
export class OpsGauges implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(OpsGauges.name);
  private readonly queues: Queue[];

  constructor(
    @Inject(PG_POOL) private readonly handle: { pool: pg.Pool },
    @InjectQueue(QueueName.Route) route: Queue,
    @InjectQueue(QueueName.Deliver) deliver: Queue,
    @InjectQueue(QueueName.Replay) replay: Queue,
    @InjectQueue(QueueName.Maintenance) maintenance: Queue,
  ) {
    this.queues = [route, deliver, replay, maintenance];
  }

  onModuleInit(): void {
    this.onModuleDestroy();
    const count = async (text: string): Promise<number> =>
      (await this.handle.pool.query<{ n: number }>(text)).rows[0]?.n ?? 0;
    const queues = this.queues;
    const bounded = async (name: string, collect: () => Promise<void>): Promise<void> => {
      try {
        await withTimeout(collect(), COLLECT_TIMEOUT_MS);
      } catch (err) {
        this.logger.warn(`${name} not collected, last value kept: ${(err as Error).message}`);
      }
    };
    new Gauge({
      name: 'hookbridge_queue_jobs',
      help: 'BullMQ jobs per queue and state (waiting, active, delayed, failed).',
      labelNames: ['queue', 'state'] as const,
      registers: [registry],
      async collect() {
        await bounded('hookbridge_queue_jobs', async () => {
          const counts = await Promise.all(
            queues.map((q) => q.getJobCounts('waiting', 'active', 'delayed', 'failed')),
          );
          queues.forEach((q, i) => {
            for (const [state, n] of Object.entries(counts[i] ?? {})) this.set({ queue: q.name, state }, n);
          });
        });
      },
    });
    const single = (name: (typeof NAMES)[number], help: string, text: string) =>
      new Gauge({
        name,
        help,
        registers: [registry],
        async collect() {
          await bounded(name, async () => this.set(await count(text)));
        },
      });
    single(
      'hookbridge_dead_letters',
      'Deliveries in dead_letter.',
      `SELECT count(*)::int AS n FROM deliveries WHERE state = 'dead_letter'`,
    );
    single(
      'hookbridge_held_events',
      'Events held for a PENDING source or a bus without targets.',
      `SELECT count(*)::int AS n FROM events WHERE state = 'held'`,
    );
    single(
      'hookbridge_replays_active',
      'Replays STARTING, RUNNING or CANCELLING.',
      `SELECT count(*)::int AS n FROM replays WHERE state IN ('STARTING', 'RUNNING', 'CANCELLING')`,
    );
  }

  /** The registry is per process; a second gateway in the same process (tests) replaces these. */
  onModuleDestroy(): void {
    for (const n of NAMES) registry.removeSingleMetric(n);
  }
}
