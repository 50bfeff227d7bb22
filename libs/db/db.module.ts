import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import pg from 'pg';
import { APP_CONFIG, type AppConfig } from '#libs/config';
import { openDatabase } from './database.js';

/** Injection tokens for the pg pool and the Drizzle handle. */
export const PG_POOL = Symbol('PG_POOL');
export const DATABASE = Symbol('DATABASE');

/** Opens one pool per process and closes it on shutdown. */
@Global()
@Module({
  providers: [
    {
      provide: PG_POOL,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => openDatabase(config.databaseUrl, config.databasePoolSize),
    },
    { provide: DATABASE, inject: [PG_POOL], useFactory: (h: ReturnType<typeof openDatabase>) => h.db },
  ],
  exports: [PG_POOL, DATABASE],
})
export class DbModule implements OnApplicationShutdown {
  constructor(@Inject(PG_POOL) private readonly handle: { pool: pg.Pool }) {}

  async onApplicationShutdown(): Promise<void> {
    await this.handle.pool.end();
  }
}
