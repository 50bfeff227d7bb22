import { z } from 'zod';

/** Building blocks of the answers' schemas, shared by the resources' documentation. */

/** An ISO 8601 time in UTC, as every answer writes times. */
export const timestamp = z.string().meta({ format: 'date-time' });

export const arn = z
  .string()
  .meta({ description: "An ARN like AWS's: `arn:aws:events:<region>:<account>:…`." });

/** A 12-digit account id. */
export const accountId = z.string().regex(/^\d{12}$/);

/** A list answer: `{items: [...]}`. */
export const listOf = (item: z.ZodType) => z.object({ items: z.array(item) });

/** A page of a list that continues: `nextToken` is there while more items follow. */
export const pageOf = (item: z.ZodType) =>
  z.object({
    items: z.array(item),
    nextToken: z
      .string()
      .optional()
      .meta({ description: 'Pass it as the `nextToken` query parameter to get the next page.' }),
  });
