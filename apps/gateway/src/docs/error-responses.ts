import { z } from 'zod';
import type { DeclaredRoute } from './declared-route.js';
import type { DocumentedErrorStatus, OperationDoc } from './operation-doc.js';
import type { JsonSchema, SchemaComponents } from './schema-components.js';

/** The one shape of every error answer (see common/error-body.ts). */
export const errorBodySchema = z
  .object({
    error: z.object({
      code: z.string().meta({
        description: "What went wrong, for programs: AWS's exception names where AWS has one.",
        examples: ['ResourceNotFoundException'],
      }),
      message: z.string().meta({ description: 'What went wrong, for people.' }),
    }),
  })
  .meta({ id: 'Error', description: 'Every error answer of the REST API and of ingest.' });

/** What an error means where the operation's doc does not say (a 400's own words add to these). */
const WHEN: Record<number, string> = {
  401: '`Unauthorized`: no bearer token, or one that is not valid (unknown or revoked).',
  403: "`AccessDeniedException`: the token's role may not call this operation.",
  404: "`ResourceNotFoundException`: no such resource for the caller (another tenant's answers the same).",
  413: '`PayloadTooLarge`: the body is over 1 MiB.',
  415: '`UnsupportedMediaType`: the body is not sent with `Content-Type: application/json`.',
  503: '`ServiceUnavailable`: PostgreSQL or Redis is unreachable; nothing was changed. Retry after `Retry-After` seconds.',
};

/** An error answer: the Error body, with the words for when it is given. */
export function errorResponse(
  components: SchemaComponents,
  description: string,
  headers?: JsonSchema,
): JsonSchema {
  return {
    description,
    ...(headers ? { headers } : {}),
    content: { 'application/json': { schema: components.of(errorBodySchema) } },
  };
}

/**
 * The error answers of a REST operation: those its route implies (400 for a body or query, 401 and
 * 403 for a token, 404 for a named resource, 413 and 415 for a body, 503 always), and those its
 * OperationDoc names, in the doc's own words.
 */
export function errorResponses(
  route: DeclaredRoute,
  doc: OperationDoc,
  components: SchemaComponents,
): Record<string, JsonSchema> {
  const statuses = new Set<number>([503]);
  if (route.body || route.query) statuses.add(400);
  if (route.roles) statuses.add(401);
  if (route.roles && route.roles.length < 3) statuses.add(403);
  if (route.pathParams.length > 0) statuses.add(404);
  if (route.body) [413, 415].forEach((s) => statuses.add(s));
  for (const s of Object.keys(doc.errors ?? {})) statuses.add(Number(s));
  const invalid = [route.body && 'the body', route.query && 'a query parameter (or one given twice)']
    .filter(Boolean)
    .join(' or ');
  const when: Record<number, string | undefined> = {
    ...WHEN,
    400: invalid
      ? `\`ValidationException\`: ${invalid} is not valid (a member not declared here is refused too); ` +
        'the message names each field at fault.'
      : undefined,
  };
  const responses: Record<string, JsonSchema> = {};
  for (const status of [...statuses].sort((a, b) => a - b)) {
    const own = doc.errors?.[status as DocumentedErrorStatus];
    const generic = when[status];
    const description = [status === 400 || !own ? generic : undefined, own].filter(Boolean).join(' ');
    responses[String(status)] = errorResponse(
      components,
      description,
      status === 503 ? RETRY_AFTER : undefined,
    );
  }
  return responses;
}

/** The `Retry-After` header of a 429 or 503 answer. */
export const RETRY_AFTER: JsonSchema = {
  'Retry-After': { description: 'Seconds to wait before retrying.', schema: { type: 'integer' } },
};
