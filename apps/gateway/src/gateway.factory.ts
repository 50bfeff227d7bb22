import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyBodyParser, FastifyInstance } from 'fastify';
import { Logger } from 'nestjs-pino';
import type { AppConfig } from '#libs/config';
import { invalid } from '#libs/domain';
import { MAX_EVENT_DEPTH } from '#libs/event-pattern';
import { nestsDeeperThan } from '#libs/providers';
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
import { docsRoutes } from './docs/docs.routes.js';
import { openApiDocument } from './docs/openapi-document.js';

const REST_BODY_LIMIT = 1024 * 1024;
/** The longest decoded path parameter the router takes; longer is a 414. */
export const MAX_PATH_PARAM_LENGTH = 1024;

/** Builds the gateway application (not yet listening); tests and main.ts share it. */
export async function createGatewayApp(config: AppConfig): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    // Request ids come from the caller's X-Request-Id when present.
    requestIdHeader: 'x-request-id',
    bodyLimit: REST_BODY_LIMIT,
    // Path parameters are names of up to 256 characters (buses, partner event sources); Fastify's
    // default of 100 made longer ones impossible to read, change or delete once created.
    routerOptions: { maxParamLength: MAX_PATH_PARAM_LENGTH },
    trustProxy: true,
    // Slow clients (slow-loris) are cut off with a 408 (see clientErrorHandler) and a closed socket.
    requestTimeout: config.requestTimeoutMs,
    keepAliveTimeout: config.keepAliveTimeoutMs,
    http: {
      // Both here, because Node checks at construction that one is within the other.
      requestTimeout: config.requestTimeoutMs,
      headersTimeout: config.headersTimeoutMs,
      // Node checks both timeouts on this interval (default 30 s, which would loosen every bound).
      connectionsCheckingInterval: Math.min(1_000, Math.ceil(config.headersTimeoutMs / 4)),
    },
    // On close: idle keep-alive connections go at once; a request already on a connection is still
    // served (with `Connection: close`) rather than refused, since everything it needs is still up.
    forceCloseConnections: 'idle',
    return503OnClosing: false,
    frameworkErrors,
    clientErrorHandler,
  });
  const app = await NestFactory.create<NestFastifyApplication>(GatewayModule.forRoot(config), adapter, {
    bufferLogs: true,
    // REST takes JSON only (below). Nest's default form parser, and Fastify's text one, would turn a
    // body sent with another type (curl -d without a content type) into an object whose members are
    // then dropped: a bulk redrive meant as a filtered dry run redrove every dead letter.
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  const fastify = app.getHttpAdapter().getInstance();
  drainConnectionsOnClose(fastify);
  fastify.removeContentTypeParser('text/plain');
  app.useBodyParser('application/json', { bodyLimit: REST_BODY_LIMIT }, restJsonParser(fastify));
  await app.register(ingestRoutes(app.get(IngestService), config.ingestMaxBytes));
  // `POST /`: the EventBridge-compatible API (AWS JSON 1.1, SigV4), raw bodies in its own scope.
  await app.register(eventBridgeApiRoutes(app.get(EventBridgeApi)));
  // The API reference: the OpenAPI document at /docs/openapi.json and its browsable UI at /docs.
  const eventBridgeOperations = app.get(EventBridgeApi).operationNames;
  await app.register(docsRoutes(() => openApiDocument({ eventBridgeOperations })));
  // The dashboard's static files on GET `/` and client routes; `/v1`, `/ingest` etc. keep priority.
  await app.register(dashboardRoutes(DASHBOARD_ROOT));
  // The operators' queue board, admin-only.
  const queues = Object.values(QueueName).map((name) => app.get<Queue>(getQueueToken(name)));
  await app.register(queueBoardRoutes(queues, config.adminToken));
  await app.init();
  return app;
}

/**
 * Fastify closes the keep-alive connections that are idle when close() starts; one whose response
 * is still being made would stay open until the keep-alive timeout and hold the shutdown. From then
 * on every response says `Connection: close`, and connections are closed as soon as they go idle.
 */
function drainConnectionsOnClose(fastify: FastifyInstance): void {
  let closing = false;
  fastify.addHook('preClose', (done) => {
    closing = true;
    const timer = setInterval(() => fastify.server.closeIdleConnections(), 50).unref();
    fastify.server.once('close', () => clearInterval(timer));
    done();
  });
  fastify.addHook('onSend', (_req, reply, payload, done) => {
    if (closing) void reply.header('connection', 'close');
    done(null, payload);
  });
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * REST bodies are UTF-8 JSON (RFC 8259) nesting no deeper than an event may: invalid bytes would
 * otherwise be stored as U+FFFD, and a deep body would overflow the stack of whatever walks it
 * next. Both are checked on the bytes before parsing; parsing keeps Fastify's prototype-poisoning
 * guard.
 */
function restJsonParser(fastify: FastifyInstance): FastifyBodyParser<Buffer> {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  return (req, body, done) => {
    // An empty body is no body (a client that always sends the JSON content type, on a POST that
    // takes none): routes that need one say which members are missing.
    if (body.length === 0) {
      done(null, undefined);
      return;
    }
    let text: string;
    try {
      text = utf8.decode(body);
    } catch {
      done(invalid('The request body is not valid UTF-8.'), undefined);
      return;
    }
    if (nestsDeeperThan(text, MAX_EVENT_DEPTH)) {
      done(invalid(`The request body nests deeper than ${MAX_EVENT_DEPTH} levels.`), undefined);
      return;
    }
    parse(req, text, done);
  };
}
