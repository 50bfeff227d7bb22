import { z } from 'zod';
import { errorResponse, RETRY_AFTER } from '../docs/error-responses.js';
import type { JsonSchema, SchemaComponents } from '../docs/schema-components.js';

const accepted = z.object({ eventId: z.string() }).meta({ id: 'IngestAccepted' });
const duplicate = z
  .object({ eventId: z.string(), duplicate: z.literal(true) })
  .meta({ id: 'IngestDuplicate' });

/** `POST /ingest/{sourceId}` (a Fastify route of its own, see ingest.routes.ts). */
export function ingestOperation(components: SchemaComponents): JsonSchema {
  const error = (description: string, headers?: JsonSchema) =>
    errorResponse(components, description, headers);
  return {
    operationId: 'ingest',
    tags: ['Ingest'],
    summary: 'Post a webhook to a partner event source',
    description:
      "The URL is the source's `ingestUrl`; no bearer token: the source's verification scheme " +
      "checks the request (the provider's signature header, basic auth, an API key header, or " +
      'nothing for `none`) over the exact bytes received. A 202 means the event is committed ' +
      "durably; it then goes to the account's bus once the source is ACTIVE (held while PENDING). " +
      'Only POST is accepted (other methods: 405). Schemes and their headers: docs/providers.md.',
    'x-hookbridge-roles': [],
    security: [],
    parameters: [
      {
        name: 'sourceId',
        in: 'path',
        required: true,
        description: "The opaque, unguessable id at the end of the source's `ingestUrl`.",
        schema: { type: 'string' },
      },
    ],
    requestBody: {
      description:
        'The webhook as the partner sends it, any content type, up to `HOOKBRIDGE_INGEST_MAX_BYTES` (default 1 MiB).',
      content: { '*/*': { schema: {} } },
    },
    responses: {
      '200': {
        description:
          "A duplicate (the provider's delivery id, else the body, seen before): the original event " +
          "id. Slack's `url_verification` is answered with its challenge, as text/plain.",
        content: {
          'application/json': { schema: components.of(duplicate) },
          'text/plain': { schema: { type: 'string' } },
        },
      },
      '202': {
        description: 'Accepted: the event is committed.',
        content: { 'application/json': { schema: components.of(accepted) } },
      },
      '400': error('The body is malformed where the scheme needs a shape (e.g. form fields).'),
      '401': error('A missing or bad signature or credential, or a stale timestamp.'),
      '404': error('`ResourceNotFoundException`: no source (or a deleted one) at this URL.'),
      '413': error('`PayloadTooLarge`: the body is over the limit.'),
      '415': error('`UnsupportedMediaType`: a content type the scheme cannot read.'),
      '429': error(
        '`TooManyRequests`: the source is over its rate limit, the gateway is overloaded, or (when the operator bounds it) too many events wait to be routed.',
        RETRY_AFTER,
      ),
      '503': error(
        '`ServiceUnavailable`: PostgreSQL or Redis is unreachable; nothing was accepted.',
        RETRY_AFTER,
      ),
    },
  };
}
