import { z } from 'zod';
import { type Arns, notFound } from '#libs/domain';

/** `EventBusName` as AWS takes it: a name or an ARN, up to 1600 characters. */
export const busNameOrArn = z.string().min(1).max(1600);

/**
 * The bus name behind an `EventBusName` (default: `default`). An ARN must name a bus of the
 * calling account on this gateway; another account's bus is reported as missing, never shown.
 */
export function busNameOf(arns: Arns, accountId: string, nameOrArn: string | undefined): string {
  if (nameOrArn === undefined) return 'default';
  const name = arns.busNameOf(accountId, nameOrArn);
  if (name === undefined) throw notFound(`Event bus ${nameOrArn}`);
  return name;
}
