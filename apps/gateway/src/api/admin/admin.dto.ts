import { z } from 'zod';
import { VERIFICATION_SCHEMES } from '#libs/providers';
import { pageQuery } from '../../common/pagination.js';

export const createAccountDto = z.object({ name: z.string().min(1).max(256) });
export const createPartnerDto = z.object({
  name: z.string().min(1).max(128),
  scheme: z.enum(VERIFICATION_SCHEMES).optional(),
});
/** `GET /v1/accounts`, `GET /v1/partners`. */
export const listAdminQuery = z.object(pageQuery);

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
