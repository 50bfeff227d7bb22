import { z } from 'zod';
import {
  isBadToken,
  type KeysetPage,
  type KeysetResult,
  type PartnerPrincipal,
  type Principal,
} from '#libs/domain';
import { type OpenedToken, openPageToken, pageBinding, sealPageToken } from '../common/pagination.js';
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

/** Items per page when a list operation gives no `Limit`. */
export const DEFAULT_LIMIT = 100;

/**
 * What a list operation's NextToken is bound to: the operation, who called it (an account id or a
 * partner name) and its filters (resolved, so a bus named by name or by ARN is the same list).
 */
export interface OperationPageScope {
  operation: string;
  owner: string;
  filters: Record<string, string | undefined>;
}

/**
 * One page of a list operation over a domain keyset list (ordered and paged in SQL): opens the
 * request's NextToken, reads `Limit` items after its key, and seals the key of the page's last item
 * into the next NextToken, present only when more items follow. A token that is not one the API gave,
 * or that was given for another operation, caller or filters, is a ValidationException.
 */
export async function operationPage<T>(
  scope: OperationPageScope,
  input: { NextToken?: string; Limit?: number },
  read: (page: KeysetPage) => Promise<KeysetResult<T>>,
): Promise<{ items: T[]; nextToken?: string }> {
  const binding = pageBinding({
    list: ['AWSEvents', scope.operation],
    owner: scope.owner,
    query: scope.filters,
  });
  const after =
    input.NextToken === undefined ? undefined : operationKey(openPageToken(input.NextToken, binding));
  const limit = input.Limit ?? DEFAULT_LIMIT;
  let result: KeysetResult<T>;
  try {
    result = await read(after ? { limit, after } : { limit });
  } catch (err) {
    // A well-formed token whose key does not fit the list: forged, since tokens are not signed.
    if (isBadToken(err)) throw invalidNextToken();
    throw err;
  }
  return { items: result.items, nextToken: result.lastKey && sealPageToken(result.lastKey, binding) };
}

function operationKey(opened: OpenedToken): string[] {
  if (opened.problem === 'invalid') throw invalidNextToken();
  if (opened.problem === 'foreign')
    throw new AwsError(
      'ValidationException',
      'The NextToken was issued for another operation, caller or filters: send it with the same ' +
        'operation and members (Limit aside) as the request that returned it, or start again without it.',
    );
  return opened.key;
}

const invalidNextToken = () => new AwsError('ValidationException', 'The NextToken is not valid.');

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
