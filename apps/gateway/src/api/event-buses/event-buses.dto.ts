import { z } from 'zod';
import {
  apiDestinationTargetSchema,
  keepSecretsProblem,
  SECRET_PARTS,
  type SecretPart,
  type TargetEntry,
  targetSchema,
} from '#libs/domain';
import { pageQuery } from '../../common/pagination.js';
import { readOnly } from '../../common/read-only.js';

export const createBusDto = z.object({
  name: z.string().min(1).max(256),
  eventSourceName: z.string().min(1).max(256).optional(),
  description: z.string().max(512).optional(),
});

/** `GET /v1/event-buses?namePrefix=`; a parameter given twice is a 400, not an array. */
export const listBusesQuery = z.object({ namePrefix: z.string().max(256).optional(), ...pageQuery });

/** `GET /v1/event-buses/{bus}/rules?namePrefix=`. */
export const listRulesQuery = z.object({ namePrefix: z.string().max(64).optional(), ...pageQuery });

/** `GET …/rules/{rule}/targets`: a rule has at most 5 targets, but the list pages like every other. */
export const listTargetsQuery = z.object(pageQuery);

/** `DELETE …/targets?ids=a,b`: the comma-separated ids of the targets to remove. */
export const removeTargetsQuery = z.object({
  ids: z
    .string({ error: 'Query parameter ids (comma-separated target ids) is required.' })
    .transform((ids) => ids.split(',').filter((x) => x.length > 0))
    .refine((ids) => ids.length > 0, 'Query parameter ids (comma-separated target ids) is required.'),
});

/**
 * A merge patch: a member left out keeps its value, `null` removes it. The bus's other members, as
 * GET shows them, are accepted and ignored.
 */
export const updateBusDto = z.object({
  description: z.string().max(512).nullable().optional(),
  name: readOnly(z.string(), 'the bus is the one in the path'),
  arn: readOnly(z.string(), "the bus's ARN"),
  kind: readOnly(z.string(), 'default, custom or partner'),
  state: readOnly(z.string(), "the bus's state"),
  eventSourceName: readOnly(z.string(), "a partner bus's source"),
  creationTime: readOnly(z.string(), 'when the bus was created'),
  lastModifiedTime: readOnly(z.string(), 'when the bus last changed'),
});

/**
 * Patterns arrive as JSON text (as AWS takes them; number text matters) or as objects. A PUT
 * replaces the rule, as AWS's PutRule does: `state`, `description` and `roleArn` left out go back to
 * ENABLED, none and none. `roleArn` must be an IAM role ARN (checked by the domain).
 */
export const putRuleDto = z.object({
  eventPattern: z.union([z.string().min(1), z.record(z.string(), z.unknown())]),
  state: z.enum(['ENABLED', 'DISABLED']).optional(),
  description: z.string().max(512).optional(),
  roleArn: z.string().min(1).max(1600).optional(),
  name: readOnly(z.string(), 'the rule is the one in the path'),
  arn: readOnly(z.string(), "the rule's ARN"),
  eventBusName: readOnly(z.string(), 'the bus is the one in the path'),
});

/** What `GET …/targets` shows of every target beyond its settings: a PUT takes it back and ignores it. */
const targetViewMembers = {
  arn: readOnly(z.string(), "the target's ARN"),
  state: readOnly(z.string(), 'ENABLED, or DISABLED by a deleted API destination'),
  disabledReason: readOnly(z.string(), 'why the target is disabled'),
  awsDefinition: readOnly(z.record(z.string(), z.unknown()), 'the target as the EventBridge API put it'),
};
const { http: httpSettings, eventbridge: eventBridgeSettings } = targetSchema.shape;

/**
 * A target entry of `PUT …/targets`: the target, and optionally `keepSecrets`, the sealed parts of
 * the stored target with the same id to keep where the entry does not give them.
 */
const putTargetEntry = targetSchema
  .safeExtend({
    ...targetViewMembers,
    http: httpSettings
      .unwrap()
      .extend({ signed: readOnly(z.boolean(), 'whether a signing secret is kept') })
      .optional(),
    eventbridge: eventBridgeSettings
      .unwrap()
      .extend({ hasCredentials: readOnly(z.boolean(), 'whether AWS credentials are kept') })
      .optional(),
    keepSecrets: z
      .array(z.enum(SECRET_PARTS, { error: `must be one of ${SECRET_PARTS.join(', ')}` }))
      .max(SECRET_PARTS.length)
      .optional(),
  })
  .superRefine((t, ctx) => {
    if (!t.keepSecrets) return;
    if (new Set(t.keepSecrets).size < t.keepSecrets.length)
      ctx.addIssue({ code: 'custom', path: ['keepSecrets'], message: 'names a part more than once' });
    const problem = keepSecretsProblem(t.type, t.keepSecrets);
    if (problem) ctx.addIssue({ code: 'custom', path: ['keepSecrets'], message: problem });
  });

/**
 * A target naming an API destination: its credentials come from the destination's connection, so
 * it has nothing to keep. What GET shows it resolves to (`http`, the destination's rate limit) is
 * the destination's, not the target's.
 */
const putApiDestinationEntry = apiDestinationTargetSchema.safeExtend({
  ...targetViewMembers,
  apiDestination: apiDestinationTargetSchema.shape.apiDestination.extend({
    arn: readOnly(z.string(), "the destination's ARN"),
  }),
  http: readOnly(z.record(z.string(), z.unknown()), 'what the destination resolves to now'),
  rateLimitPerSecond: readOnly(z.number(), "the destination's invocation rate limit"),
  keepSecrets: z
    .undefined({ error: "an 'api-destination' target keeps nothing: its credentials are its connection's" })
    .optional(),
});

/**
 * One request names each target once: two entries with the same id would leave one of them
 * silently unsaved (and a failed first entry could hide behind a saved second), so it is a 400.
 */
export const putTargetsDto = z.object({
  targets: z
    .array(z.discriminatedUnion('type', [putTargetEntry, putApiDestinationEntry]))
    .min(1)
    .max(5)
    .superRefine((entries, ctx) => {
      const seen = new Set<string>();
      for (const [i, { id }] of entries.entries()) {
        if (seen.has(id))
          ctx.addIssue({
            code: 'custom',
            path: [i, 'id'],
            message: `target id '${id}' is given more than once`,
          });
        seen.add(id);
      }
    }),
});

/** The targets as the domain takes them, and the parts to keep by target id. */
export function targetsToPut(entries: ReadonlyArray<z.infer<typeof putTargetsDto>['targets'][number]>): {
  targets: TargetEntry[];
  keepSecrets: Map<string, SecretPart[]>;
} {
  const keepSecrets = new Map<string, SecretPart[]>();
  const targets = entries.map(({ keepSecrets: keep, ...target }) => {
    if (keep) keepSecrets.set(target.id, keep);
    return target;
  });
  return { targets, keepSecrets };
}

export const explainDto = z.object({
  event: z.union([z.string().min(1), z.record(z.string(), z.unknown())]),
});
