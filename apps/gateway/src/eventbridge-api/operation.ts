import { z } from 'zod';
import type { PartnerPrincipal, Principal } from '#libs/domain';
import { AwsError } from './aws-error.js';

/** Which kind of API key may call an operation. */
export type OperationRole = 'account' | 'partner';

/** One `AWSEvents.<Name>` operation: who may call it, and how (the input is validated first). */
export interface Operation {
  readonly role: OperationRole;
  invoke(principal: Principal, body: unknown): Promise<object>;
}

/** Operations by name (`PutRule`, …); each operation group contributes a table. */
export type OperationTable = Readonly<Record<string, Operation>>;

/** An operation for account keys; `run` gets the calling account's id and the validated input. */
export function accountOperation<S extends z.ZodType>(
  input: S,
  run: (accountId: string, input: z.infer<S>) => Promise<object | void>,
): Operation {
  return {
    role: 'account',
    invoke: async (principal, body) => {
      if (principal.kind !== 'account') throw new Error('role checked by the dispatcher');
      return (await run(principal.accountId, validate(input, body))) ?? {};
    },
  };
}

/** An operation for partner keys; `run` gets the partner principal and the validated input. */
export function partnerOperation<S extends z.ZodType>(
  input: S,
  run: (partner: PartnerPrincipal, input: z.infer<S>) => Promise<object | void>,
): Operation {
  return {
    role: 'partner',
    invoke: async (principal, body) => {
      if (principal.kind !== 'partner') throw new Error('role checked by the dispatcher');
      return (await run(principal, validate(input, body))) ?? {};
    },
  };
}

/** Validates a request body; problems become one ValidationException worded like AWS's. */
export function validate<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues;
  const detail = issues
    .map((i) => {
      // AWS names members in lower camel case: `entries.1.detailType`.
      const path = i.path.map((p) =>
        typeof p === 'string' ? p.charAt(0).toLowerCase() + p.slice(1) : String(p),
      );
      return `Value at '${path.join('.') || 'request'}' failed to satisfy constraint: ${i.message}`;
    })
    .join('; ');
  throw new AwsError(
    'ValidationException',
    `${issues.length} validation error${issues.length === 1 ? '' : 's'} detected: ${detail}`,
  );
}

/** `Limit` and `NextToken` of AWS's list operations. */
export const pageInput = {
  NextToken: z.string().min(1).max(2048).optional(),
  Limit: z.number().int().min(1).max(100).optional(),
};

/**
 * One page of `items`, ordered by `key` (unique per item). The opaque NextToken names the last key
 * returned, so a page boundary survives items being added or removed between calls.
 */
export function paginate<T>(
  items: readonly T[],
  page: { NextToken?: string; Limit?: number },
  key: (item: T) => string,
): { items: T[]; nextToken?: string } {
  let after: string | undefined;
  if (page.NextToken !== undefined) {
    try {
      const decoded = JSON.parse(Buffer.from(page.NextToken, 'base64url').toString('utf8')) as {
        a?: unknown;
      };
      if (typeof decoded.a === 'string') after = decoded.a;
    } catch {
      after = undefined;
    }
    if (after === undefined) throw new AwsError('ValidationException', 'The NextToken is not valid.');
  }
  const sorted = [...items].sort((x, y) => (key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : 0));
  const rest = after === undefined ? sorted : sorted.filter((i) => key(i) > (after as string));
  const limit = page.Limit ?? 100;
  const slice = rest.slice(0, limit);
  const last = slice[slice.length - 1];
  return {
    items: slice,
    nextToken:
      rest.length > limit && last !== undefined
        ? Buffer.from(JSON.stringify({ a: key(last) })).toString('base64url')
        : undefined,
  };
}

/** AWS JSON 1.1 timestamps are epoch seconds. */
export function epochSeconds(iso: string | undefined): number | undefined {
  return iso === undefined ? undefined : Date.parse(iso) / 1000;
}

/** Drops undefined members so responses carry only what exists (as AWS omits absent members). */
export function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** Names as AWS constrains them: `Name`, `Rule`, etc. */
export const name = (max: number) => z.string().min(1).max(max);
