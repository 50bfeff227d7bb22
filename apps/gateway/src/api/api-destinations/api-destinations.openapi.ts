import { z } from 'zod';
import { API_DESTINATION_METHODS } from '#libs/domain';
import { arn, pageOf, timestamp } from '../../docs/answer-schemas.js';
import { documentController } from '../../docs/operation-doc.js';
import { ApiDestinationsController } from './api-destinations.controller.js';

const destination = z
  .object({
    name: z.string(),
    arn,
    description: z.string().optional(),
    state: z.enum(['ACTIVE', 'INACTIVE']),
    connection: z.string().meta({ description: "The connection's name." }),
    connectionArn: arn,
    invocationEndpoint: z.string(),
    httpMethod: z.enum(API_DESTINATION_METHODS),
    invocationRateLimitPerSecond: z.int().optional(),
    creationTime: timestamp,
    lastModifiedTime: timestamp,
  })
  .meta({ id: 'ApiDestination' });

const noConnection = '`ResourceNotFoundException`: no such destination, or no such `connection`.';

export const apiDestinationsDocs = documentController(ApiDestinationsController, {
  tag: 'Connections and API destinations',
  params: { name: 'The API destination name, `[.-_A-Za-z0-9]{1,64}`.' },
  operations: {
    create: {
      summary: 'Create an API destination',
      description: "Rule targets of type `api-destination` call it with its connection's credentials.",
      response: destination,
      errors: {
        404: '`ResourceNotFoundException`: no such `connection`.',
        409: '`ResourceAlreadyExistsException`: a destination of that name exists.',
      },
    },
    list: {
      summary: "List the account's API destinations",
      description: 'Optionally those of one `connection`.',
      response: pageOf(destination),
    },
    get: { summary: 'Describe an API destination', response: destination },
    update: {
      summary: 'Change an API destination',
      description:
        'Takes any create member but `name`; its targets follow at once. The rate limit can be changed, not removed.',
      response: destination,
      errors: { 404: noConnection },
    },
    delete: { summary: 'Delete an API destination', description: 'The targets that name it are disabled.' },
  },
});
