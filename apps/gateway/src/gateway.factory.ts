import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import type { AppConfig } from '#libs/config';
import { GatewayModule } from './gateway.module.js';
import { IngestService } from './ingest/ingest.service.js';
import { ingestRoutes } from './ingest/ingest.routes.js';

/** Builds the gateway application (not yet listening); tests and main.ts share it. */
export async function createGatewayApp(config: AppConfig): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    // Request ids come from the caller's X-Request-Id when present.
    requestIdHeader: 'x-request-id',
    bodyLimit: 1024 * 1024,
    trustProxy: true,
  });
  const app = await NestFactory.create<NestFastifyApplication>(GatewayModule.forRoot(config), adapter, {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  await app.register(ingestRoutes(app.get(IngestService), config.ingestMaxBytes));
  await app.init();
  return app;
}
