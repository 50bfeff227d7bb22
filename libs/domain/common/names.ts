import { invalid } from './domain-error.js';

/** `aws.partner/<partner>/<namespace…>`, 1–256 characters (AWS's rule). */
export const SOURCE_NAME = /^aws\.partner(\/[.\-_A-Za-z0-9]+){2,}$/;
/** Custom bus names: `[/.\-_A-Za-z0-9]+`, 1–256 characters. */
export const BUS_NAME = /^[/.\-_A-Za-z0-9]{1,256}$/;
/** Rule names: AWS allows `[.\-_A-Za-z0-9]+`, 1–64 characters. */
export const RULE_NAME = /^[.\-_A-Za-z0-9]{1,64}$/;
export const ACCOUNT_ID = /^\d{12}$/;
/** The ids Hookbridge gives (API keys, deliveries, events, secrets) are UUIDs. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function assertSourceName(name: string): void {
  if (name.length > 256 || !SOURCE_NAME.test(name)) {
    throw invalid(
      `Event source name '${name}' is invalid: it must match aws\\.partner(/[.\\-_A-Za-z0-9]+){2,} and be at most 256 characters.`,
    );
  }
}

/**
 * An IAM role ARN: `arn:<partition>:iam::<account>:role/<path/><name>`, the path printable ASCII and
 * the name IAM's `[\w+=,.@-]{1,64}`. AWS's model bounds a RoleArn to 1–1600 characters; the shape is
 * what IAM would accept, checked here because Hookbridge cannot ask IAM whether the role exists.
 */
export const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/(?:[\x21-\x7E]*\/)?[\w+=,.@-]{1,64}$/;

/** Throws a ValidationException unless `arn` is an IAM role ARN of at most 1600 characters. */
export function assertRoleArn(arn: string): void {
  if (arn.length > 1600 || !ROLE_ARN.test(arn)) {
    throw invalid(
      `RoleArn '${arn.length > 200 ? `${arn.slice(0, 200)}…` : arn}' is not valid: it must be an IAM role ARN (arn:aws:iam::<account>:role/<name>) of 1 to 1600 characters.`,
    );
  }
}

/** The partner segment of a source name: `aws.partner/github.com/x` → `github.com`. */
export const partnerOfSource = (name: string): string => name.split('/')[1] ?? '';
