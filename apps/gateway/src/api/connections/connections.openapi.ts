import { z } from 'zod';
import { AUTHORIZATION_TYPES } from '#libs/domain';
import { arn, pageOf, timestamp } from '../../docs/answer-schemas.js';
import { documentController } from '../../docs/operation-doc.js';
import { ConnectionsController } from './connections.controller.js';

/** A parameter as described: a secret one has its key and no value. */
const parameter = z.object({
  key: z.string(),
  value: z.string().optional(),
  isValueSecret: z.boolean().optional(),
});
const httpParameters = z.object({
  headerParameters: z.array(parameter).optional(),
  queryStringParameters: z.array(parameter).optional(),
  bodyParameters: z.array(parameter).optional(),
});

const connection = z
  .object({
    name: z.string(),
    arn,
    description: z.string().optional(),
    authorizationType: z.enum(AUTHORIZATION_TYPES),
    state: z.string().meta({ description: '`AUTHORIZED` or `DEAUTHORIZED`.' }),
    authParameters: z
      .object({
        basic: z.object({ username: z.string().optional() }).optional(),
        apiKey: z.object({ apiKeyName: z.string().optional() }).optional(),
        oauth: z
          .object({
            authorizationEndpoint: z.string().optional(),
            httpMethod: z.string().optional(),
            clientId: z.string().optional(),
            httpParameters: httpParameters.optional(),
          })
          .optional(),
        invocationHttpParameters: httpParameters.optional(),
      })
      .meta({ description: 'Without `password`, `apiKeyValue`, `clientSecret` or secret values.' }),
    creationTime: timestamp,
    lastModifiedTime: timestamp,
    lastAuthorizedTime: timestamp,
  })
  .meta({ id: 'Connection' });

export const connectionsDocs = documentController(ConnectionsController, {
  tag: 'Connections and API destinations',
  tagDescription:
    'A connection holds how calls are authorized; an API destination is an endpoint and method ' +
    "called under one. The same resources as the EventBridge API's.",
  params: { name: 'The connection name, `[.-_A-Za-z0-9]{1,64}`.' },
  operations: {
    create: {
      summary: 'Create a connection',
      description:
        '`authParameters` holds the parameters of `authorizationType` (`basic`, `apiKey` or ' +
        '`oauth`) and the `invocationHttpParameters` sent with every call.',
      response: connection,
      errors: { 409: '`ResourceAlreadyExistsException`: a connection of that name exists.' },
    },
    list: { summary: "List the account's connections", response: pageOf(connection) },
    get: { summary: 'Describe a connection', response: connection },
    update: {
      summary: 'Change a connection (UpdateConnection)',
      description:
        'Credentials left out are kept; a parameter list given replaces the stored one, one left ' +
        'out is kept; a new authorization type needs all its parameters. Authorizes a ' +
        'deauthorized connection again.',
      response: connection,
    },
    deauthorize: {
      summary: 'Deauthorize a connection',
      description: "Removes its credentials and secret parameters, and disables its destinations' targets.",
      response: connection,
    },
    delete: {
      summary: 'Delete a connection',
      description: "Its destinations' targets are disabled.",
    },
  },
});
