import { Controller, Get, Inject, Logger, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type pg from 'pg';
import { PG_POOL } from '#libs/db';
import { InvalidationService } from '#libs/queue';
import { withTimeout } from '../common/with-timeout.js';

/** How long each readiness check may take. */
const CHECK_MS = 2_000;

/**
 * Liveness (the process answers) and readiness (PostgreSQL and Redis answer). Both are public, so a
 * failing check says only `unavailable` (or `timeout`); its error, which can name internal hosts,
 * users and addresses, goes to the log.
 */
@Controller('health')
export class HealthController {
  private readonly logger = new Logger(HealthController.name);

  constructor(
    @Inject(PG_POOL) private readonly handle: { pool: pg.Pool },
    private readonly redis: InvalidationService,
  ) {}

  @Get('live')
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready(@Res({ passthrough: true }) reply: FastifyReply) {
    const check = async (name: string, f: () => Promise<unknown>) => {
      const started = Date.now();
      try {
        await withTimeout(f(), CHECK_MS);
        return 'ok';
      } catch (err) {
        this.logger.warn(`readiness: ${name} failed: ${(err as Error).message}`);
        return Date.now() - started >= CHECK_MS ? 'timeout' : 'unavailable';
      }
    };
    const [postgres, redis] = await Promise.all([
      check('postgres', () => this.handle.pool.query('SELECT 1')),
      check('redis', () => this.redis.ping()),
    ]);
    const ok = postgres === 'ok' && redis === 'ok';
    void reply.status(ok ? 200 : 503);
    return { status: ok ? 'ok' : 'unavailable', checks: { postgres, redis } };
  }
}
