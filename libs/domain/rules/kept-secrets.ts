import type { TargetInput, TargetSecrets } from './target.schema.js';

/**
 * The sealed parts of a stored target that a REST write may keep instead of repeating them:
 * `auth` (http.auth), `secretParameters` (http.secretParameters: headers, query and body parameters
 * together), `signingSecret` (http.signingSecret) and `credentials` (eventbridge.credentials).
 */
export const SECRET_PARTS = ['auth', 'secretParameters', 'signingSecret', 'credentials'] as const;
export type SecretPart = (typeof SECRET_PARTS)[number];

/** Where each part lives: the target type that has it, and its key in the sealed secrets. */
const PARTS: Record<SecretPart, { type: TargetInput['type']; key: keyof TargetSecrets }> = {
  auth: { type: 'http', key: 'httpAuth' },
  secretParameters: { type: 'http', key: 'httpParameters' },
  signingSecret: { type: 'http', key: 'signingSecret' },
  credentials: { type: 'eventbridge', key: 'awsCredentials' },
};

/** Why a target of this type cannot keep these parts, or undefined. */
export function keepSecretsProblem(
  type: TargetInput['type'],
  parts: readonly SecretPart[],
): string | undefined {
  const wrong = [...new Set(parts)].filter((p) => PARTS[p].type !== type);
  if (wrong.length === 0) return undefined;
  return wrong
    .map((p) => `'${p}' can only be kept by a target of type '${PARTS[p].type}', not '${type}'`)
    .join('; ');
}

/**
 * The secrets to store for a target: the parts the new definition gives, plus each kept part it
 * does not give, taken from what was stored. A kept part that was never stored keeps nothing; a
 * part neither given nor kept is dropped.
 */
export function withKeptSecrets(
  given: TargetSecrets | undefined,
  stored: TargetSecrets | undefined,
  keep: readonly SecretPart[],
): TargetSecrets | undefined {
  const secrets: TargetSecrets = { ...given };
  const keepStored = <K extends keyof TargetSecrets>(key: K) => {
    if (secrets[key] === undefined && stored?.[key] !== undefined) secrets[key] = stored[key];
  };
  for (const part of keep) keepStored(PARTS[part].key);
  return Object.keys(secrets).length > 0 ? secrets : undefined;
}
