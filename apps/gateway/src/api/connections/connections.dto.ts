import { z } from 'zod';
import { AUTHORIZATION_TYPES } from '#libs/domain';
import { pageQuery } from '../../common/pagination.js';
import { readOnly } from '../../common/read-only.js';

/** One header, query-string or body parameter; a secret one is stored sealed and never shown again. */
const parameter = z.object({
  key: z.string().min(1).max(512),
  value: z.string().max(512),
  isValueSecret: z.boolean().optional(),
});

/** Parameters sent with every invocation, or with the OAuth token request. */
const httpParameters = z.object({
  headerParameters: z.array(parameter).max(100).optional(),
  queryStringParameters: z.array(parameter).max(100).optional(),
  bodyParameters: z.array(parameter).max(100).optional(),
});

const credential = z.string().min(1).max(512);

/**
 * EventBridge's AuthParameters in camelCase: the parameters of one authorization type (the secret
 * members are `password`, `apiKeyValue` and `clientSecret`) and the invocation's HTTP parameters.
 * Every member is optional here; the domain checks that what the type needs is there.
 */
const authParameters = z.object({
  basic: z.object({ username: credential.optional(), password: credential.optional() }).optional(),
  apiKey: z.object({ apiKeyName: credential.optional(), apiKeyValue: credential.optional() }).optional(),
  oauth: z
    .object({
      authorizationEndpoint: z.string().min(1).max(2048).optional(),
      httpMethod: z.enum(['GET', 'POST', 'PUT']).optional(),
      clientId: credential.optional(),
      clientSecret: credential.optional(),
      httpParameters: httpParameters.optional(),
    })
    .optional(),
  invocationHttpParameters: httpParameters.optional(),
});

const description = z.string().max(512).optional();
const authorizationType = z.enum(AUTHORIZATION_TYPES);

export const createConnectionDto = z.object({
  name: z.string().min(1).max(64),
  description,
  authorizationType,
  authParameters,
});

/**
 * Changes what it names, as EventBridge's UpdateConnection: credentials left out are kept, a list of
 * HTTP parameters given replaces the stored list (secret values included), one left out is kept. A
 * new authorization type needs its complete parameters. The connection's other members, as GET
 * shows them, are accepted and ignored.
 */
export const updateConnectionDto = z.object({
  description,
  authorizationType: authorizationType.optional(),
  authParameters: authParameters.optional(),
  name: readOnly(z.string(), 'the connection is the one in the path'),
  arn: readOnly(z.string(), "the connection's ARN"),
  state: readOnly(z.string(), "the connection's state"),
  creationTime: readOnly(z.string(), 'when the connection was created'),
  lastModifiedTime: readOnly(z.string(), 'when the connection last changed'),
  lastAuthorizedTime: readOnly(z.string(), 'when the connection was last authorized'),
});

const CONNECTION_STATES = [
  'CREATING',
  'UPDATING',
  'DELETING',
  'AUTHORIZED',
  'DEAUTHORIZED',
  'AUTHORIZING',
  'DEAUTHORIZING',
  'ACTIVE',
  'FAILED_CONNECTIVITY',
] as const;

export const listConnectionsQuery = z.object({
  namePrefix: z.string().max(64).optional(),
  // AWS's ConnectionState values (Hookbridge's connections are AUTHORIZED or DEAUTHORIZED): another
  // value is a 400, as on the other list routes, not an empty list.
  state: z.enum(CONNECTION_STATES, { error: `must be one of ${CONNECTION_STATES.join(', ')}` }).optional(),
  ...pageQuery,
});
