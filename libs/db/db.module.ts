import {
  type DynamicModule,
  Inject,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import pg from 'pg';
import { APP_CONFIG, type AppConfig } from '#libs/config';
import { openDatabase, warmPool } from './database.js';

/** Injection tokens for the pg pool and the Drizzle handle. */
export const PG_POOL = Symbol('PG_POOL');
export const DATABASE = Symbol('DATABASE');

/**
 * Opens one pool per application, opens the connections it keeps (`DATABASE_POOL_MIN`) once the
 * application is up, and closes the pool on shutdown.
 */
@Module({})
export class DbModule implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DbModule.name);
  private warming: Promise<unknown> = Promise.resolve();

  constructor(
    @Inject(PG_POOL) private readonly handle: { pool: pg.Pool },
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * `synchronousCommit: false` is for the worker: everything it commits is redone if a PostgreSQL
   * crash loses the last few hundred milliseconds of commits (an event still `received` is routed
   * again by the sweeper, a delivery not recorded as finished is attempted again — at-least-once,
   * never a loss). The gateway keeps synchronous commits: its 202 promises a durable event.
   */
  static forRoot(opts: { synchronousCommit: boolean }): DynamicModule {
    return {
      module: DbModule,
      global: true,
      providers: [
        {
          provide: PG_POOL,
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) =>
            openDatabase(config.databaseUrl, {
              max: config.databasePoolSize,
              min: config.databasePoolMin,
              idleTimeoutMs: config.databasePoolIdleTimeoutMs,
              synchronousCommit: opts.synchronousCommit,
            }),
        },
        { provide: DATABASE, inject: [PG_POOL], useFactory: (h: ReturnType<typeof openDatabase>) => h.db },
      ],
      exports: [PG_POOL, DATABASE],
    };
  }

  /** Not awaited: a start does not wait for (or fail with) PostgreSQL; readiness reports it. */
  onApplicationBootstrap(): void {
    const wanted = this.config.databasePoolMin;
    this.warming = warmPool(this.handle.pool, wanted).then(({ opened, error }) => {
      if (error)
        this.logger.warn(`opened ${opened} of ${wanted} PostgreSQL connections at start: ${error.message}`);
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.warming;
    await this.handle.pool.end();
  }
}
