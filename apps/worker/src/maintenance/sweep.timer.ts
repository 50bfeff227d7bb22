import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type pg from 'pg';
import { APP_CONFIG, type AppConfig } from '#libs/config';
import { PG_POOL } from '#libs/db';
import { QueueProducer } from '#libs/queue';
import { SweeperService } from './sweeper.service.js';

// Any constant; the same in every worker. A transaction-level lock frees itself on commit or crash.
const SWEEP_LOCK = 72_617_003;
const SCHEDULE_CHECK_MS = 60_000;
// A checked-out client has no listener of the pool's: PostgreSQL going away while it is held would
// be an unhandled 'error' event and crash the worker. The failed query reports the loss instead.
const ignoreClientError = () => undefined;

/**
 * The sweeper is the safety net for a lost or flushed Redis, so it must not depend on Redis: it runs
 * on a timer in every maintenance worker, and a PostgreSQL advisory lock lets one sweep at a time.
 * The same timer re-installs the repeatable maintenance jobs, which a Redis flush also erases.
 */
@Injectable()
export class SweepTimer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SweepTimer.name);
  private timer?: NodeJS.Timeout;
  private running = false;
  private lastScheduleCheck = 0;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(PG_POOL) private readonly handle: { pool: pg.Pool },
    private readonly sweeper: SweeperService,
    private readonly producer: QueueProducer,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), this.config.sweepIntervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    while (this.running) await new Promise((r) => setTimeout(r, 20));
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.sweepUnderLock();
      if (Date.now() - this.lastScheduleCheck > SCHEDULE_CHECK_MS) {
        this.lastScheduleCheck = Date.now();
        await this.producer.scheduleMaintenance();
      }
    } catch (err) {
      this.logger.warn(`sweep failed: ${(err as Error).message}`);
    } finally {
      this.running = false;
    }
  }

  /**
   * Sweeps unless another worker is sweeping. The lock's transaction holds a connection of its own
   * for the whole sweep (whose queries use other connections of the pool).
   */
  private async sweepUnderLock(): Promise<void> {
    const client = await this.handle.pool.connect();
    if (!client.listeners('error').includes(ignoreClientError)) client.on('error', ignoreClientError);
    let failure: Error | undefined;
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS ok', [
        SWEEP_LOCK,
      ]);
      if (rows[0]?.ok) await this.sweeper.sweep();
      await client.query('COMMIT');
    } catch (err) {
      failure = err as Error;
      throw err;
    } finally {
      // After a failure the connection may be broken or still in the transaction: discard it.
      client.release(failure);
    }
  }
}
