import { type DynamicModule, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import pg from 'pg';
import { APP_CONFIG, type AppConfig } from '#libs/config';
import { openDatabase } from './database.js';

/** Injection tokens for the pg pool and the Drizzle handle. */
export const PG_POOL = Symbol('PG_POOL');
export const DATABASE = Symbol('DATABASE');

/** Opens one pool per application and closes it on shutdown. */
@Module({})
export class DbModule implements OnApplicationShutdown {
  constructor(@Inject(PG_POOL) private readonly handle: { pool: pg.Pool }) {}

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
              synchronousCommit: opts.synchronousCommit,
            }),
        },
        { provide: DATABASE, inject: [PG_POOL], useFactory: (h: ReturnType<typeof openDatabase>) => h.db },
      ],
      exports: [PG_POOL, DATABASE],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.handle.pool.end();
  }
}
