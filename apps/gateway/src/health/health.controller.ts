import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type pg from 'pg';
import { PG_POOL } from '#libs/db';
import { InvalidationService } from '#libs/queue';
import { withTimeout } from '../common/with-timeout.js';

/** Liveness (the process answers) and readiness (PostgreSQL and Redis answer). */
@Controller('health')
export class HealthController {
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
    const check = async (f: () => Promise<unknown>) => {
      try {
        await withTimeout(f(), 2_000);
        return 'ok';
      } catch (err) {
        return `error: ${(err as Error).message}`;
      }
    };
    const [postgres, redis] = await Promise.all([
      check(() => this.handle.pool.query('SELECT 1')),
      check(() => this.redis.ping()),
    ]);
    const ok = postgres === 'ok' && redis === 'ok';
    void reply.status(ok ? 200 : 503);
    return { status: ok ? 'ok' : 'unavailable', checks: { postgres, redis } };
  }
}
