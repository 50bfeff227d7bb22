import { z } from 'zod';
import { VERIFICATION_SCHEMES } from '#libs/providers';
import { pageQuery } from '../../common/pagination.js';

/**
 * `verification`'s members other than `scheme` and `secrets` are the scheme's options: they stay
 * open here (ZodPipe closes every other object) and the scheme refuses an unknown one by name.
 */
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

/** `?namePrefix=`; a parameter given twice is a 400, not an array. */
export const listSourcesQuery = z.object({ namePrefix: z.string().max(256).optional(), ...pageQuery });

/** `GET …/{name}/accounts`: every account's state for the name, newest first. */
export const listSourceAccountsQuery = z.object(pageQuery);

/** `DELETE …/{name}?account=`: a source name is unique per account, so the account is required. */
export const deleteSourceQuery = z.object({
  account: z
    .string({ error: 'Query parameter account (a 12-digit account id) is required.' })
    .regex(/^\d{12}$/, 'Query parameter account (a 12-digit account id) is required.'),
});

export const addSecretDto = z.object({ secret: z.string().min(1).max(1024).optional() });
