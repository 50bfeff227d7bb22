import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { FastifyInstance, FastifyPluginAsync, FastifyReply } from 'fastify';
import { AwsError, toAwsError } from './aws-error.js';
import { EventBridgeApi } from './eventbridge-api.service.js';

/**
 * Bodies are buffered before the signature is checked, so the cap stays modest: 4 MiB holds several
 * maximum-size PutEvents entries (each up to 1 MiB by AWS's formula) with their JSON escaping.
 */
export const MAX_REQUEST_BYTES = 4 * 1024 * 1024;
const CONTENT_TYPE = 'application/x-amz-json-1.1';
const logger = new Logger(EventBridgeApi.name);

/**
 * `POST /` as a plain Fastify route in its own plugin scope: the body is kept as raw bytes (SigV4
 * signs the exact payload), whatever the content type, and every answer is AWS JSON 1.1.
 */
export function eventBridgeApiRoutes(api: EventBridgeApi): FastifyPluginAsync {
  return async (app: FastifyInstance) => {
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_REQUEST_BYTES }, (_req, body, done) =>
      done(null, body),
    );
    // Errors raised before the handler (e.g. a body over the limit) keep the AWS shape too.
    app.setErrorHandler((err, _req, reply) => sendError(reply, err));

    app.post('/', { bodyLimit: MAX_REQUEST_BYTES }, async (req, reply) => {
      void reply.header('x-amzn-requestid', randomUUID());
      try {
        const out = await api.handle({
          method: req.method,
          url: req.url,
          headers: req.headers,
          body: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
        });
        return reply.status(200).header('content-type', CONTENT_TYPE).send(json(out));
      } catch (err) {
        return sendError(reply, err);
      }
    });
  };
}

function sendError(reply: FastifyReply, err: unknown): FastifyReply {
  const { error, unexpected } = toAwsError(err);
  if (unexpected) logger.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  return reply
    .status(error.status)
    .header('content-type', CONTENT_TYPE)
    .header('x-amzn-errortype', error.type)
    .send(json((error as AwsError).body));
}

/** Sent as bytes so Fastify does not append a charset: AWS's content type is exactly `…-1.1`. */
const json = (value: object): Buffer => Buffer.from(JSON.stringify(value), 'utf8');
