import { z } from 'zod';
import { API_DESTINATION_METHODS, type ApiDestinationView } from '#libs/domain';
import { pageQuery } from '../../common/pagination.js';
import { readOnly } from '../../common/read-only.js';

const settings = {
  description: z.string().max(512).optional(),
  /** The name of a connection of the account. */
  connection: z.string().min(1).max(64),
  invocationEndpoint: z.string().min(1).max(2048),
  httpMethod: z.enum(API_DESTINATION_METHODS),
  invocationRateLimitPerSecond: z.number().int().min(1).max(100_000).optional(),
};

export const createApiDestinationDto = z.object({ name: z.string().min(1).max(64), ...settings });

/**
 * Changes what it names; the rate limit can be changed but not removed (as UpdateApiDestination).
 * The destination's other members, as GET shows them, are accepted and ignored.
 */
export const updateApiDestinationDto = z.object({
  description: settings.description,
  connection: settings.connection.optional(),
  invocationEndpoint: settings.invocationEndpoint.optional(),
  httpMethod: settings.httpMethod.optional(),
  invocationRateLimitPerSecond: settings.invocationRateLimitPerSecond,
  name: readOnly(z.string(), 'the destination is the one in the path'),
  arn: readOnly(z.string(), "the destination's ARN"),
  state: readOnly(z.string(), "the destination's state"),
  connectionArn: readOnly(z.string(), 'follows `connection`'),
  creationTime: readOnly(z.string(), 'when the destination was created'),
  lastModifiedTime: readOnly(z.string(), 'when the destination last changed'),
});

export const listApiDestinationsQuery = z.object({
  namePrefix: z.string().max(64).optional(),
  /** Only the destinations of this connection (by name). */
  connection: z.string().max(64).optional(),
  ...pageQuery,
});

/** An API destination as REST shows it: with its connection's name beside the connection's ARN. */
export type RestApiDestination = ApiDestinationView & { connection: string };

export function restApiDestination(view: ApiDestinationView): RestApiDestination {
  return { ...view, connection: /:connection\/([^/]+)\/[^/]+$/.exec(view.connectionArn)?.[1] ?? '' };
}
