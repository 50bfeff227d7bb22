import type { z } from 'zod';
import type { Role } from '../common/auth.guard.js';
import type { DeclaredRoute } from './declared-route.js';
import { errorResponses } from './error-responses.js';
import type { ControllerDoc, OperationDoc } from './operation-doc.js';
import type { JsonSchema, SchemaComponents } from './schema-components.js';

/** The name of the bearer security scheme in `components.securitySchemes`. */
export const BEARER = 'bearerAuth';

const WHO: Record<Role, string> = {
  admin: 'the admin token',
  partner: "a partner's API key, or the admin token with `X-Hookbridge-Partner`",
  account: "an account's API key, or the admin token with `X-Hookbridge-Account`",
};

/** The OpenAPI operation of one REST handler: its route's facts, and its doc's words and answer. */
export function restOperation(
  controllerDoc: ControllerDoc,
  handler: string,
  doc: OperationDoc,
  route: DeclaredRoute,
  components: SchemaComponents,
): JsonSchema {
  const where = `${controllerDoc.controller.name}.${handler}`;
  const parameters = [
    ...route.pathParams.map((name) => ({
      name,
      in: 'path',
      required: true,
      description: doc.params?.[name] ?? controllerDoc.params?.[name] ?? 'URL-encoded.',
      schema: { type: 'string' },
    })),
    ...queryParameters(route.query, components, where),
    ...actingAsHeaders(route.roles),
  ];
  const who = route.roles ? route.roles.map((r) => WHO[r]).join('; or ') : 'anyone';
  return {
    operationId: operationId(controllerDoc.controller.name, handler),
    tags: [controllerDoc.tag],
    summary: doc.summary,
    description: [doc.description, `**Who may call it:** ${who}.`].filter(Boolean).join('\n\n'),
    'x-hookbridge-roles': route.roles ?? [],
    security: route.roles ? [{ [BEARER]: [] }] : [],
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(route.body ? { requestBody: requestBody(route.body, components) } : {}),
    responses: {
      [String(route.status)]: success(route.status, doc, components, where),
      ...errorResponses(route, doc, components),
    },
  };
}

/** `EventBusesController` + `create` → `eventBusesCreate`. */
function operationId(controller: string, handler: string): string {
  const resource = controller.replace(/Controller$/, '');
  return `${resource.charAt(0).toLowerCase()}${resource.slice(1)}${handler.charAt(0).toUpperCase()}${handler.slice(1)}`;
}

/** One query parameter per member of the query's zod object, so a new member is documented at once. */
function queryParameters(query: z.ZodType | undefined, components: SchemaComponents, where: string) {
  if (!query) return [];
  const json = components.of(query);
  const properties = json.properties as Record<string, JsonSchema> | undefined;
  if (json.type !== 'object' || !properties) throw new Error(`${where}: the query schema is not an object`);
  const required = new Set((json.required as string[] | undefined) ?? []);
  return Object.entries(properties).map(([name, { description, ...schema }]) => ({
    name,
    in: 'query',
    required: required.has(name),
    ...(typeof description === 'string' ? { description } : {}),
    schema,
  }));
}

/** The headers with which the admin token acts for an account or a partner. */
function actingAsHeaders(roles: Role[] | undefined) {
  if (!roles || roles.includes('admin')) return [];
  const headers = [];
  if (roles.includes('account'))
    headers.push({
      name: 'X-Hookbridge-Account',
      in: 'header',
      required: false,
      description: 'With the admin token: the account (12-digit id) to act for. Unknown: 404.',
      schema: { type: 'string', pattern: '^\\d{12}$' },
    });
  if (roles.includes('partner'))
    headers.push({
      name: 'X-Hookbridge-Partner',
      in: 'header',
      required: false,
      description: 'With the admin token: the partner (its name) to act for.',
      schema: { type: 'string' },
    });
  return headers;
}

/** A JSON body; required unless the schema accepts none (a missing body is validated as `{}`). */
function requestBody(body: z.ZodType, components: SchemaComponents): JsonSchema {
  return {
    required: !body.safeParse({}).success,
    content: { 'application/json': { schema: components.of(body) } },
  };
}

function success(status: number, doc: OperationDoc, components: SchemaComponents, where: string): JsonSchema {
  if (status === 204) {
    if (doc.response) throw new Error(`${where} answers 204, which has no body, yet documents one`);
    return { description: 'Done; no body.' };
  }
  if (!doc.response) throw new Error(`${where} answers ${status} without a documented body`);
  return {
    description: status === 201 ? 'Created.' : 'OK.',
    content: { 'application/json': { schema: components.of(doc.response) } },
  };
}
