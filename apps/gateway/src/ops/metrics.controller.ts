import { Controller, Get, Headers, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { APP_CONFIG, type AppConfig } from '#libs/config';
import { registry } from '#libs/observability';
import { bearerMatches } from '#libs/security';
import { errorBody } from '../common/error-body.js';

/**
 * Prometheus scrape endpoint. Its totals span every tenant: with `HOOKBRIDGE_METRICS_TOKEN` set it
 * answers only that bearer token (Prometheus's `authorization` / `bearer_token` scrape settings).
 */
@Controller('metrics')
export class MetricsController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Get()
  async metrics(
    @Headers('authorization') authorization: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string | object> {
    const token = this.config.metricsToken;
    if (token !== undefined && !bearerMatches(authorization, token)) {
      void reply.status(401).header('www-authenticate', 'Bearer realm="metrics"');
      return errorBody('Unauthorized', 'The metrics need the bearer token set in HOOKBRIDGE_METRICS_TOKEN.');
    }
    void reply.header('content-type', registry.contentType);
    return registry.metrics();
  }
}
