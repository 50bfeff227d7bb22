import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { errorBody, toErrorResponse, UNAVAILABLE_RETRY_AFTER_S } from '../common/error-body.js';
import type { IngestService } from './ingest.service.js';

/**
 * The ingest endpoint as a plain Fastify route in its own plugin scope: every content type is taken
 * as raw bytes (no JSON parse, no re-serialisation) up to the size cap, and Nest's per-request
 * pipeline is skipped on the hottest path.
 */
export function ingestRoutes(service: IngestService, maxBytes: number): FastifyPluginAsync {
  return async (app: FastifyInstance) => {
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: maxBytes }, (_req, body, done) =>
      done(null, body),
    );

    app.setErrorHandler((err, _req, reply) => {
      const { status, body } = toErrorResponse(err);
      // A partner retries a 503 after Retry-After: nothing was accepted, so nothing is lost.
      if (status === 503) void reply.header('retry-after', String(UNAVAILABLE_RETRY_AFTER_S));
      void reply.status(status).send(body);
    });

    app.post<{ Params: { sourceId: string } }>(
      '/ingest/:sourceId',
      { bodyLimit: maxBytes },
      async (req, reply) => {
        const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        const answer = await service.ingest(req.params.sourceId, raw, req.headers, req.url);
        void reply.status(answer.status);
        if (answer.contentType) void reply.header('content-type', answer.contentType);
        if (answer.headers) void reply.headers(answer.headers);
        return answer.body;
      },
    );

    // A provider set to another method (Zendesk and Twilio let you choose) learns why nothing is
    // accepted, rather than a 404 that reads like a wrong URL. HEAD comes with GET.
    app.route({
      method: ['GET', 'PUT', 'PATCH', 'DELETE'],
      url: '/ingest/:sourceId',
      handler: async (_req, reply) => {
        void reply.status(405).header('allow', 'POST');
        return errorBody('MethodNotAllowed', 'Webhooks are accepted with POST only; set the sender to POST.');
      },
    });
  };
}
