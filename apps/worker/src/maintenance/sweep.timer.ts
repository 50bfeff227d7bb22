import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { sql } from 'drizzle-orm';
import { APP_CONFIG, type AppConfig } from '#libs/config';
import { DATABASE, type Database } from '#libs/db';
import { QueueProducer } from '#libs/queue';
import { SweeperService } from './sweeper.service.js';

// Any constant; the same in every worker. A transaction-level lock frees itself on commit or crash.
const SWEEP_LOCK = 72_617_003;
const SCHEDULE_CHECK_MS = 60_000;

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
    @Inject(DATABASE) private readonly db: Database,
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
      await this.db.transaction(async (tx) => {
        const [row] = (
          await tx.execute<{ ok: boolean }>(sql`SELECT pg_try_advisory_xact_lock(${SWEEP_LOCK}) AS ok`)
        ).rows;
        if (row?.ok) await this.sweeper.sweep();
      });
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
}
