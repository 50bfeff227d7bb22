import { z } from 'zod';

const jsonText = z.string().max(8_192);
const headerName = z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/);
const headerValue = z
  .string()
  .max(4096)
  .regex(/^[\t\x20-\x7e]*$/, 'must be printable ASCII');

const httpAuth = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('basic'),
    username: z.string().min(1).max(512),
    password: z.string().min(1).max(512),
  }),
  z.object({
    type: z.literal('api-key'),
    header: z.string().min(1).max(256),
    value: z.string().min(1).max(4096),
  }),
  z.object({
    type: z.literal('oauth-client-credentials'),
    tokenUrl: z.url(),
    clientId: z.string().min(1).max(512),
    clientSecret: z.string().min(1).max(4096),
    scope: z.string().max(1024).optional(),
    /** The token request: GET puts the parameters in the query string, POST and PUT in a form. */
    httpMethod: z.enum(['GET', 'POST', 'PUT']).optional(),
    headers: z.record(headerName, headerValue).optional(),
    queryParameters: z.record(z.string(), z.string().max(512)).optional(),
    bodyParameters: z.record(z.string(), z.string().max(512)).optional(),
  }),
]);

/** Parameters sent with every request whose values are kept sealed, like the target's credentials. */
const secretParameters = z.object({
  headers: z.record(headerName, headerValue).optional(),
  queryParameters: z.record(z.string(), z.string().max(512)).optional(),
  bodyParameters: z.record(z.string(), z.string().max(512)).optional(),
});

/**
 * A target's concurrency cap when it sets none: how many of its deliveries may be in flight at once,
 * counted across all workers. It bounds what a hanging target can hold (that many calls, each until
 * its timeout; the rest wait in its line) and, for a healthy target, caps its throughput at this
 * many calls per round trip: 100 lets a target 100 ms away take 1 000 deliveries a second, above
 * EventBridge's default of 300 invocations a second for an API destination. It was 10, which held
 * such a target to 100 a second, and on a saturated machine made the cap the pipeline's bottleneck:
 * a call's slot time includes the worker's wait for a core, so ten slots delivered 460–960 a second
 * and a backlog could outgrow them (bench/README.md, bench:deliver, Session 18).
 */
export const DEFAULT_MAX_CONCURRENCY = 100;

/** A rule's target, as REST and the EventBridge API accept it. */
export const targetSchema = z
  .object({
    id: z.string().regex(/^[.\-_A-Za-z0-9]{1,64}$/, 'target id must be 1–64 of [.-_A-Za-z0-9]'),
    type: z.enum(['http', 'eventbridge', 'bus']),
    http: z
      .object({
        url: z.url().refine((u) => /^https?:\/\//i.test(u), 'must be an http(s) URL'),
        method: z.enum(['POST', 'PUT', 'PATCH', 'GET', 'DELETE']).optional(),
        headers: z.record(headerName, headerValue).optional(),
        /** Added to the request body, which must then be a JSON object (a connection's BodyParameters). */
        bodyParameters: z.record(z.string(), z.string().max(512)).optional(),
        /** Headers, query and body parameters whose values are stored sealed (IsValueSecret). */
        secretParameters: secretParameters.optional(),
        auth: httpAuth.optional(),
        /** A Standard Webhooks secret (`whsec_…`) to sign outbound requests with. */
        signingSecret: z.string().min(1).max(1024).optional(),
        timeoutMs: z.number().int().min(100).max(60_000).optional(),
      })
      .optional(),
    eventbridge: z
      .object({
        eventBusArn: z
          .string()
          .regex(/^arn:aws[a-z-]*:events:[a-z0-9-]+:\d{12}:event-bus\/.+$/, 'must be an event bus ARN'),
        region: z.string().min(1),
        endpoint: z.url().optional(),
        credentials: z
          .object({
            accessKeyId: z.string().min(1),
            secretAccessKey: z.string().min(1),
            sessionToken: z.string().optional(),
          })
          .optional(),
      })
      .optional(),
    bus: z.object({ name: z.string().min(1).max(256) }).optional(),
    input: jsonText.optional(),
    inputPath: z.string().max(256).optional(),
    inputTransformer: z
      .object({
        inputPathsMap: z.record(z.string(), z.string()).optional(),
        inputTemplate: z.string().max(8_192),
      })
      .optional(),
    retryPolicy: z
      .object({
        maximumRetryAttempts: z.number().int().min(0).max(185).optional(),
        maximumEventAgeInSeconds: z.number().int().min(60).max(86_400).optional(),
      })
      .optional(),
    deadLetter: z.boolean().optional(),
    /**
     * Beyond EventBridge Classic: a JSONPath into the event (e.g. `$.detail.orderId`); deliveries
     * with the same value go to this target one at a time, in event order.
     */
    orderingKey: z
      .string()
      .regex(/^\$(\.[A-Za-z0-9_-]+|\[\d+\])+$/, 'must be a JSONPath such as $.detail.orderId')
      .optional(),
    /** Per-target rate limit (token bucket in Redis), in deliveries per second. */
    rateLimitPerSecond: z.number().positive().max(100_000).optional(),
    /** At most this many deliveries in flight to the target at once (DEFAULT_MAX_CONCURRENCY). */
    maxConcurrency: z.number().int().min(1).max(1_000).optional(),
  })
  .superRefine((t, ctx) => {
    if (!t[t.type])
      ctx.addIssue({
        code: 'custom',
        path: [t.type],
        message: `a target of type '${t.type}' needs '${t.type}' settings`,
      });
    refineShaping(t, ctx);
  });

/** A target shapes its input one way at most (EventBridge's Input, InputPath or InputTransformer). */
export function refineShaping(
  t: { input?: unknown; inputPath?: unknown; inputTransformer?: unknown },
  ctx: z.RefinementCtx,
): void {
  const shaping = [t.input, t.inputPath, t.inputTransformer].filter((x) => x !== undefined).length;
  if (shaping > 1)
    ctx.addIssue({
      code: 'custom',
      path: ['input'],
      message: 'use at most one of input, inputPath, inputTransformer',
    });
}

export type TargetInput = z.infer<typeof targetSchema>;
export type HttpAuth = z.infer<typeof httpAuth>;

/** The parts of a target kept encrypted at rest. */
export interface TargetSecrets {
  httpAuth?: HttpAuth;
  httpParameters?: z.infer<typeof secretParameters>;
  signingSecret?: string;
  awsCredentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

/** Splits credentials out of a target so the rest can be stored (and shown) in the clear. */
export function splitTargetSecrets(t: TargetInput): {
  config: TargetInput;
  secrets: TargetSecrets | undefined;
} {
  const secrets: TargetSecrets = {};
  const config: TargetInput = structuredClone(t);
  if (config.http?.auth) {
    secrets.httpAuth = config.http.auth;
    delete config.http.auth;
  }
  if (config.http?.secretParameters) {
    secrets.httpParameters = config.http.secretParameters;
    delete config.http.secretParameters;
  }
  if (config.http?.signingSecret) {
    secrets.signingSecret = config.http.signingSecret;
    delete config.http.signingSecret;
  }
  if (config.eventbridge?.credentials) {
    secrets.awsCredentials = config.eventbridge.credentials;
    delete config.eventbridge.credentials;
  }
  return { config, secrets: Object.keys(secrets).length > 0 ? secrets : undefined };
}
