import { z } from 'zod';
import {
  apiDestinationTargetSchema,
  keepSecretsProblem,
  SECRET_PARTS,
  type SecretPart,
  type TargetEntry,
  targetSchema,
} from '#libs/domain';

export const createBusDto = z.object({
  name: z.string().min(1).max(256),
  eventSourceName: z.string().min(1).max(256).optional(),
  description: z.string().max(512).optional(),
});

/** Patterns arrive as JSON text (as AWS takes them; number text matters) or as objects. */
export const updateBusDto = z.object({ description: z.string().max(512).nullable() });

export const putRuleDto = z.object({
  eventPattern: z.union([z.string().min(1), z.record(z.string(), z.unknown())]),
  state: z.enum(['ENABLED', 'DISABLED']).optional(),
  description: z.string().max(512).optional(),
});

/**
 * A target entry of `PUT …/targets`: the target, and optionally `keepSecrets`, the sealed parts of
 * the stored target with the same id to keep where the entry does not give them.
 */
const putTargetEntry = targetSchema
  .safeExtend({
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
 * it has nothing to keep.
 */
const putApiDestinationEntry = apiDestinationTargetSchema.safeExtend({
  keepSecrets: z
    .undefined({ error: "an 'api-destination' target keeps nothing: its credentials are its connection's" })
    .optional(),
});

export const putTargetsDto = z.object({
  targets: z
    .array(z.discriminatedUnion('type', [putTargetEntry, putApiDestinationEntry]))
    .min(1)
    .max(5),
});

/**
 * The targets as the domain takes them, and the parts to keep by target id (an id given twice is
 * written twice, so its last entry decides, as for the rest of the target).
 */
export function targetsToPut(entries: ReadonlyArray<z.infer<typeof putTargetsDto>['targets'][number]>): {
  targets: TargetEntry[];
  keepSecrets: Map<string, SecretPart[]>;
} {
  const keepSecrets = new Map<string, SecretPart[]>();
  const targets = entries.map(({ keepSecrets: keep, ...target }) => {
    if (keep) keepSecrets.set(target.id, keep);
    else keepSecrets.delete(target.id);
    return target;
  });
  return { targets, keepSecrets };
}

export const explainDto = z.object({
  event: z.union([z.string().min(1), z.record(z.string(), z.unknown())]),
});
