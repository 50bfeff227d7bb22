import { z } from 'zod';
import { VERIFICATION_SCHEMES } from '#libs/providers';

export const createSourceDto = z.object({
  name: z.string().min(1).max(256),
  account: z.string().regex(/^\d{12}$/, 'must be a 12-digit account id'),
  verification: z
    .object({
      scheme: z.enum(VERIFICATION_SCHEMES).optional(),
      secrets: z.array(z.string()).max(3).optional(),
    })
    .catchall(z.unknown())
    .optional(),
});

export const addSecretDto = z.object({ secret: z.string().min(1).max(1024).optional() });
