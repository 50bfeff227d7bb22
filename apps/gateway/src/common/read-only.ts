import { z } from 'zod';

/**
 * A member of a resource that its GET answer shows but a PUT (or PATCH) cannot set, such as `arn` or
 * `creationTime`. Declared on the request so that a client that reads a resource, changes a field
 * and puts the whole object back is served: the value is checked against `type` and then ignored
 * (ZodPipe leaves it out of what the handler gets). A member the resource does not have at all is
 * still refused by name, so a typo is never taken for one of these.
 */
export function readOnly(type: z.ZodType, what: string) {
  return type
    .transform(() => undefined)
    .optional()
    .meta({ readOnly: true, description: `Read-only (${what}): accepted as a GET shows it, and ignored.` });
}
