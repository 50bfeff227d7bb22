import { eventBridgeOperation, SIGV4, SIGV4_SCHEME } from '../eventbridge-api/eventbridge-api.openapi.js';
import { ingestOperation } from '../ingest/ingest.openapi.js';
import { API_REFERENCE } from './api-reference.js';
import { declaredRoute } from './declared-route.js';
import type { OperationDoc } from './operation-doc.js';
import { BEARER, restOperation } from './rest-operation.js';
import { type JsonSchema, SchemaComponents } from './schema-components.js';

const OVERVIEW = `Hookbridge's REST API (\`/v1\`), its webhook ingest, and a pointer to its EventBridge-compatible API.

**Tokens.** Send \`Authorization: Bearer <token>\`: the admin token (from the gateway's configuration),
or an API key the admin issued to a partner or an account (\`POST /v1/api-keys\`). The role decides
what an operation shows: another tenant's resource answers 404, not 403. The admin token acts for an
account with \`X-Hookbridge-Account: <id>\`, for a partner with \`X-Hookbridge-Partner: <name>\`.

**Requests.** Bodies are JSON, sent with \`Content-Type: application/json\` (1 MiB at most); a query
parameter given twice is a 400. Names that contain \`/\` (partner event sources and their buses) travel
URL-encoded in paths. Event patterns and events are taken as JSON text (as AWS takes them: the raw
number text matters) or as objects. Times are ISO 8601.

**Errors.** Every error answer is \`{"error": {"code", "message"}}\` with a 4xx status for anything the
caller got wrong, never a 5xx; \`code\` uses AWS's exception names where AWS has one. A 503 (PostgreSQL
or Redis unreachable) comes with \`Retry-After\`.`;

/** What the document needs from the running gateway. */
export interface DocumentInputs {
  /** The operations the EventBridge-compatible endpoint serves. */
  eventBridgeOperations: readonly string[];
}

/**
 * The OpenAPI 3.1 document of the gateway's HTTP API: every documented REST operation, its request
 * schemas read from the zod schemas its route validates with, plus ingest and the EventBridge API.
 */
export function openApiDocument(inputs: DocumentInputs): JsonSchema {
  const components = new SchemaComponents();
  const paths: Record<string, Record<string, JsonSchema>> = {};
  const add = (path: string, method: string, operation: JsonSchema) => {
    const item = (paths[path] ??= {});
    if (item[method]) throw new Error(`${method.toUpperCase()} ${path} is documented twice`);
    item[method] = operation;
  };
  const tags = new Map<string, string | undefined>();
  for (const doc of API_REFERENCE) {
    tags.set(doc.tag, doc.tagDescription ?? tags.get(doc.tag));
    for (const [handler, op] of Object.entries(doc.operations as Record<string, OperationDoc>)) {
      const route = declaredRoute(doc.controller, handler);
      add(route.path, route.method, restOperation(doc, handler, op, route, components));
    }
  }
  tags.set('Ingest', 'Where partners post their webhooks.');
  add('/ingest/{sourceId}', 'post', ingestOperation(components));
  tags.set('EventBridge-compatible API', "AWS's SDKs and CLI, with only the endpoint changed.");
  add('/', 'post', eventBridgeOperation(inputs.eventBridgeOperations));
  return {
    openapi: '3.1.0',
    info: { title: 'Hookbridge API', version: 'v1', description: OVERVIEW },
    tags: [...tags].map(([name, description]) => ({ name, ...(description ? { description } : {}) })),
    paths,
    components: {
      schemas: components.schemas,
      securitySchemes: {
        [BEARER]: {
          type: 'http',
          scheme: 'bearer',
          description: 'The admin token, or a partner or account API key.',
        },
        [SIGV4]: SIGV4_SCHEME,
      },
    },
  };
}
