import { z } from 'zod';
import { targetSchema } from '#libs/domain';
import { arn } from '../../docs/answer-schemas.js';

// A target as `GET …/targets` shows it (TargetView in libs/domain): the settings it was put with,
// taken from the schema that validates them, without the sealed parts, which are named instead.
const { http, eventbridge, type: _type, ...settings } = targetSchema.shape;
const {
  auth: _auth,
  signingSecret: _signing,
  secretParameters: _secret,
  ...httpSettings
} = http.unwrap().shape;
const { credentials: _credentials, ...eventBridgeSettings } = eventbridge.unwrap().shape;
const names = z.array(z.string()).optional();

export const targetView = z
  .object({
    ...settings,
    type: z.enum(['http', 'eventbridge', 'bus', 'api-destination']),
    arn,
    state: z.enum(['ENABLED', 'DISABLED']),
    disabledReason: z.string().optional(),
    apiDestination: z
      .object({
        name: z.string(),
        arn,
        pathParameterValues: z.array(z.string()).optional(),
        headerParameters: z.record(z.string(), z.string()).optional(),
        queryStringParameters: z.record(z.string(), z.string()).optional(),
      })
      .optional()
      .meta({ description: 'A target of type `api-destination`: the destination it names.' }),
    http: z
      .object({
        ...httpSettings,
        auth: z.object({ type: z.string() }).optional().meta({ description: 'The auth type only.' }),
        signed: z.boolean().optional(),
        secretParameters: z
          .object({ headers: names, queryParameters: names, bodyParameters: names })
          .optional()
          .meta({ description: 'The names of the sealed parameters, without their values.' }),
      })
      .optional()
      .meta({ description: 'What the target calls (for `api-destination`: what it resolves to now).' }),
    eventbridge: z
      .object({
        ...eventBridgeSettings,
        hasCredentials: z.boolean().meta({ description: 'Whether AWS credentials are stored (sealed).' }),
      })
      .optional(),
    awsDefinition: z
      .record(z.string(), z.unknown())
      .optional()
      .meta({ description: "The target as the EventBridge API put it (AWS's Target shape)." }),
  })
  .meta({ id: 'Target' });
