import { randomUUID } from 'node:crypto';
import { RequestMethod } from '@nestjs/common';
import type { Params } from 'nestjs-pino';
import type { AppConfig } from '#libs/config';

/** pino settings shared by gateway and worker: request ids, and no credential ever logged. */
export function loggerOptions(config: AppConfig): Params {
  return {
    // Webhook ingest is the hot path and is measured by metrics; a per-request log line (and the
    // child logger behind it) would cost more than verifying the webhook.
    exclude: [{ method: RequestMethod.ALL, path: 'ingest/*path' }],
    pinoHttp: {
      level: config.logLevel,
      autoLogging: { ignore: (req) => (req.url ?? '').startsWith('/ingest/') },
      genReqId: (req, res) => {
        const given = req.headers['x-request-id'];
        const id =
          typeof given === 'string' && given.length > 0 && given.length <= 128 ? given : randomUUID();
        res.setHeader('x-request-id', id);
        return id;
      },
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'req.headers["x-api-key"]',
          'req.headers["x-hub-signature-256"]',
          'req.headers["x-hub-signature"]',
          'req.headers["stripe-signature"]',
          'req.headers["webhook-signature"]',
          'req.headers["svix-signature"]',
          'req.headers["x-slack-signature"]',
          'req.headers["x-twilio-signature"]',
          'req.headers["x-shopify-hmac-sha256"]',
          'req.headers["x-zendesk-webhook-signature"]',
          'req.headers["x-signature"]',
        ],
        censor: '[redacted]',
      },
      // Ingest URLs carry the source's opaque id; it is fine to log, but not the query string.
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          url: req.url.split('?')[0],
        }),
      },
      transport: config.logPretty ? { target: 'pino-pretty' } : undefined,
    },
  };
}
