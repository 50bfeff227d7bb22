import { z } from 'zod';
import { targetSchema } from '#libs/domain';

export const createBusDto = z.object({
  name: z.string().min(1).max(256),
  eventSourceName: z.string().min(1).max(256).optional(),
  description: z.string().max(512).optional(),
});

/** Patterns arrive as JSON text (as AWS takes them; number text matters) or as objects. */
export const putRuleDto = z.object({
  eventPattern: z.union([z.string().min(1), z.record(z.string(), z.unknown())]),
  state: z.enum(['ENABLED', 'DISABLED']).optional(),
  description: z.string().max(512).optional(),
});

export const putTargetsDto = z.object({ targets: z.array(targetSchema).min(1).max(5) });

export const explainDto = z.object({
  event: z.union([z.string().min(1), z.record(z.string(), z.unknown())]),
});
