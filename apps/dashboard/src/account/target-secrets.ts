import type { HttpAuth, SecretPart, Target, TargetView } from '../api/types';
import { blank, pairs } from './form-text';
import type { FormErrors, TargetForm } from './target-model';

/**
 * What the target being edited keeps sealed, as its view shows it (never the values). Blank
 * credential fields keep these; undefined when creating a target.
 */
export interface StoredSecrets {
  authType?: HttpAuth['type'];
  /** Names of the sealed headers, query and body parameters. */
  secretParameters?: { headers?: string[]; queryParameters?: string[]; bodyParameters?: string[] };
  /** Requests are signed with a stored Standard Webhooks secret (the form has no field for it). */
  signed: boolean;
  /** AWS credentials are stored for an EventBridge target. */
  credentials: boolean;
}

export function storedSecretsOf(t: TargetView): StoredSecrets {
  // An API destination's target holds its connection's credentials, which stay with the connection.
  if (t.type === 'api-destination') return { signed: false, credentials: false };
  const sealed = t.http?.secretParameters;
  const hasSealed = [sealed?.headers, sealed?.queryParameters, sealed?.bodyParameters].some((x) => x?.length);
  return {
    authType: t.http?.auth?.type,
    secretParameters: hasSealed ? sealed : undefined,
    signed: t.http?.signed === true,
    credentials: t.eventbridge?.hasCredentials === true,
  };
}

/** The credential fields of each auth type: key, label, and whether a new value needs it. */
const AUTH_FIELDS: Record<HttpAuth['type'], Array<[keyof TargetForm, string, boolean]>> = {
  basic: [
    ['username', 'Username', true],
    ['password', 'Password', true],
  ],
  'api-key': [
    ['apiKeyHeader', 'Header name', true],
    ['apiKeyValue', 'API key', true],
  ],
  'oauth-client-credentials': [
    ['tokenUrl', 'Token URL', true],
    ['clientId', 'Client id', true],
    ['clientSecret', 'Client secret', true],
    ['scope', 'Scope', false],
  ],
};

/** Blank credential fields keep the stored ones only while the stored auth type is selected. */
export const keepsAuth = (f: TargetForm, stored: StoredSecrets | undefined): boolean =>
  f.authType !== '' && f.authType === stored?.authType;

const REPLACE_HINT = 'to replace the stored credentials (leave every credential field blank to keep them)';

/**
 * The auth of an HTTP target: new credentials, or `keep` when the stored type is selected and every
 * credential field is blank. Typing some fields of a stored type asks for all that it needs.
 */
export function authFromForm(
  f: TargetForm,
  stored: StoredSecrets | undefined,
  errors: FormErrors,
): { auth?: HttpAuth; keep: boolean } {
  if (f.authType === '') return { keep: false };
  const fields = AUTH_FIELDS[f.authType];
  const keepable = keepsAuth(f, stored);
  if (keepable && fields.every(([key]) => blank(f, key))) return { keep: true };
  for (const [key, label, needed] of fields)
    if (needed && blank(f, key)) errors[key] = `${label} is required${keepable ? ` ${REPLACE_HINT}` : ''}.`;
  if (f.authType === 'basic')
    return { auth: { type: 'basic', username: f.username, password: f.password }, keep: false };
  if (f.authType === 'api-key')
    return { auth: { type: 'api-key', header: f.apiKeyHeader.trim(), value: f.apiKeyValue }, keep: false };
  return {
    auth: {
      type: 'oauth-client-credentials',
      tokenUrl: f.tokenUrl.trim(),
      clientId: f.clientId,
      clientSecret: f.clientSecret,
      ...(f.scope.trim() ? { scope: f.scope.trim() } : {}),
    },
    keep: false,
  };
}

/**
 * Secret headers: typed lines replace every stored secret parameter; blank keeps them unless
 * "remove" is ticked.
 */
export function secretHeadersFromForm(
  f: TargetForm,
  stored: StoredSecrets | undefined,
  errors: FormErrors,
): { headers?: Record<string, string>; keep: boolean } {
  if (f.removeSecretHeaders) return { keep: false };
  const headers = pairs(f.secretHeaders, 'secretHeaders', 'Secret header line', errors);
  if (Object.keys(headers).length > 0) return { headers, keep: false };
  return { keep: stored?.secretParameters !== undefined };
}

/** AWS credentials: typed ones replace the stored ones; all blank keeps them unless "remove" is ticked. */
export function awsCredentialsFromForm(
  f: TargetForm,
  stored: StoredSecrets | undefined,
  errors: FormErrors,
): { credentials?: NonNullable<Target['eventbridge']>['credentials']; keep: boolean } {
  if (f.removeCredentials) return { keep: false };
  if (blank(f, 'accessKeyId') && blank(f, 'secretAccessKey') && blank(f, 'sessionToken'))
    return { keep: stored?.credentials === true };
  const also = stored?.credentials ? ' to replace the stored credentials (leave all blank to keep them)' : '';
  if (blank(f, 'accessKeyId')) errors.accessKeyId = `Access key id is required${also}.`;
  if (blank(f, 'secretAccessKey')) errors.secretAccessKey = `Secret access key is required${also}.`;
  return {
    credentials: {
      accessKeyId: f.accessKeyId.trim(),
      secretAccessKey: f.secretAccessKey,
      ...(f.sessionToken ? { sessionToken: f.sessionToken } : {}),
    },
    keep: false,
  };
}

/** The parts of an entry's `keepSecrets`, in the API's order, from which ones are kept. */
export function keptParts(kept: Partial<Record<SecretPart, boolean>>): SecretPart[] {
  return (['auth', 'secretParameters', 'signingSecret', 'credentials'] as const).filter((p) => kept[p]);
}
