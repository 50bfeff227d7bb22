import { z } from 'zod';
import { VERIFICATION_SCHEMES } from '#libs/providers';

export const createAccountDto = z.object({ name: z.string().min(1).max(256) });
export const createPartnerDto = z.object({
  name: z.string().min(1).max(128),
  scheme: z.enum(VERIFICATION_SCHEMES).optional(),
});
export const createApiKeyDto = z
  .object({
    accountId: z
      .string()
      .regex(/^\d{12}$/, 'must be a 12-digit account id')
      .optional(),
    partner: z.string().min(1).optional(),
  })
  .refine(
    (b) => (b.accountId === undefined) !== (b.partner === undefined),
    'give exactly one of accountId or partner',
  );
