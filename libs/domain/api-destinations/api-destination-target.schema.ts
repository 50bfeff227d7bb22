import { z } from 'zod';
import { refineShaping, targetSchema } from '../rules/target.schema.js';
import type { EventBridgeTargetDefinition } from '../eventbridge-targets/target-definition.js';

const shape = targetSchema.shape;
const stringMap = z.record(z.string(), z.string().max(512));

/**
 * A rule target that names an API destination of the account by name (REST's
 * `type: "api-destination"`). It is stored as the EventBridge API stores a target whose ARN is the
 * destination's, so the same resolver turns it into an HTTP target with the connection's
 * credentials, and it follows later changes of the destination and its connection.
 */
export const apiDestinationTargetSchema = z
  .object({
    id: shape.id,
    type: z.literal('api-destination'),
    apiDestination: z.object({
      name: z.string().min(1).max(64),
      /** Values for the `*` wildcards of the destination's endpoint, in order (AWS's PathParameterValues). */
      pathParameterValues: z.array(z.string().max(512)).max(100).optional(),
      headerParameters: stringMap.optional(),
      queryStringParameters: stringMap.optional(),
    }),
    input: shape.input,
    inputPath: shape.inputPath,
    inputTransformer: shape.inputTransformer,
    retryPolicy: shape.retryPolicy,
    deadLetter: shape.deadLetter,
  })
  .superRefine(refineShaping);

export type ApiDestinationTargetInput = z.infer<typeof apiDestinationTargetSchema>;

/**
 * The EventBridge API's definition of the same target: what is stored beside the resolved settings
 * and re-resolved when the destination or its connection changes. `deadLetter` has no AWS member
 * (DeadLetterConfig names an SQS queue) and stays on the resolved target.
 */
export function toTargetDefinition(t: ApiDestinationTargetInput, arn: string): EventBridgeTargetDefinition {
  const d = t.apiDestination;
  const http = compact({
    PathParameterValues: d.pathParameterValues,
    HeaderParameters: d.headerParameters,
    QueryStringParameters: d.queryStringParameters,
  });
  const transformer = t.inputTransformer;
  return {
    Id: t.id,
    Arn: arn,
    ...compact({ Input: t.input, InputPath: t.inputPath }),
    ...(transformer
      ? {
          InputTransformer: {
            ...compact({ InputPathsMap: transformer.inputPathsMap }),
            InputTemplate: transformer.inputTemplate,
          },
        }
      : {}),
    ...(t.retryPolicy
      ? {
          RetryPolicy: compact({
            MaximumRetryAttempts: t.retryPolicy.maximumRetryAttempts,
            MaximumEventAgeInSeconds: t.retryPolicy.maximumEventAgeInSeconds,
          }),
        }
      : {}),
    ...(Object.keys(http).length > 0 ? { HttpParameters: http } : {}),
  };
}

/** The API destination an ARN names (`…:api-destination/<name>/<id>`), by name. */
export function apiDestinationNameOf(arn: unknown): string | undefined {
  return typeof arn === 'string' ? /:api-destination\/([^/]+)\/[^/]+$/.exec(arn)?.[1] : undefined;
}

/** The members that are not undefined (so a stored definition has no `null`s and no empty keys). */
function compact<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
