import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import type { AppConfig } from '#libs/config';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { QueueName } from '#libs/queue';
import { GatewayModule } from './gateway.module.js';
import { queueBoardRoutes } from './ops/queue-board.routes.js';
import { clientErrorHandler, frameworkErrors } from './common/framework-errors.js';
import { IngestService } from './ingest/ingest.service.js';
import { ingestRoutes } from './ingest/ingest.routes.js';
import { EventBridgeApi } from './eventbridge-api/eventbridge-api.service.js';
import { eventBridgeApiRoutes } from './eventbridge-api/eventbridge-api.routes.js';
import { dashboardRoutes } from './dashboard/dashboard.routes.js';
import { DASHBOARD_ROOT } from './dashboard/static-files.js';

/** Builds the gateway application (not yet listening); tests and main.ts share it. */
export async function createGatewayApp(config: AppConfig): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    // Request ids come from the caller's X-Request-Id when present.
    requestIdHeader: 'x-request-id',
    bodyLimit: 1024 * 1024,
    trustProxy: true,
    frameworkErrors,
    clientErrorHandler,
  });
  const app = await NestFactory.create<NestFastifyApplication>(GatewayModule.forRoot(config), adapter, {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  await app.register(ingestRoutes(app.get(IngestService), config.ingestMaxBytes));
  // `POST /`: the EventBridge-compatible API (AWS JSON 1.1, SigV4), raw bodies in its own scope.
  await app.register(eventBridgeApiRoutes(app.get(EventBridgeApi)));
  // The dashboard's static files on GET `/` and client routes; `/v1`, `/ingest` etc. keep priority.
  await app.register(dashboardRoutes(DASHBOARD_ROOT));
  // The operators' queue board, admin-only.
  const queues = Object.values(QueueName).map((name) => app.get<Queue>(getQueueToken(name)));
  await app.register(queueBoardRoutes(queues, config.adminToken));
  await app.init();
  return app;
}
