import type { ConnectionAuthorizationType } from '#libs/db';
import { invalid } from '../common/index.js';
import type { HttpAuth } from '../rules/target.schema.js';

/** One key/value of a connection's HTTP parameters (AWS's ConnectionHeaderParameter etc.). */
export interface ConnectionParameter {
  key: string;
  value: string;
  isValueSecret?: boolean;
}

export interface ConnectionHttpParameters {
  headerParameters?: ConnectionParameter[];
  queryStringParameters?: ConnectionParameter[];
  bodyParameters?: ConnectionParameter[];
}

/** AWS's AuthParameters in camelCase; the secret members are password, apiKeyValue, clientSecret. */
export interface ConnectionAuthInput {
  basic?: { username?: string; password?: string };
  apiKey?: { apiKeyName?: string; apiKeyValue?: string };
  oauth?: {
    authorizationEndpoint?: string;
    httpMethod?: string;
    clientId?: string;
    clientSecret?: string;
    httpParameters?: ConnectionHttpParameters;
  };
  invocationHttpParameters?: ConnectionHttpParameters;
}

/** The auth parameters without secret values: what is stored in the clear and described. */
export type PublicConnectionAuth = ConnectionAuthInput;

/** The secret values, stored sealed. */
export interface ConnectionSecrets {
  password?: string;
  apiKeyValue?: string;
  clientSecret?: string;
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const GROUP = { BASIC: 'basic', API_KEY: 'apiKey', OAUTH_CLIENT_CREDENTIALS: 'oauth' } as const;

/**
 * Merges an update into the stored parameters (AWS's UpdateConnection changes only what it names;
 * a new authorization type starts from nothing), checks the result is complete for the type and
 * deliverable by Hookbridge's HTTP targets, and splits it into public and secret parts.
 */
export function mergeConnectionAuth(
  type: ConnectionAuthorizationType,
  current: { auth: PublicConnectionAuth; secrets: ConnectionSecrets } | undefined,
  update: ConnectionAuthInput | undefined,
): { auth: PublicConnectionAuth; secrets: ConnectionSecrets } {
  const base = current ?? { auth: {}, secrets: {} };
  const group = GROUP[type];
  for (const other of Object.values(GROUP))
    if (other !== group && update?.[other] !== undefined)
      throw invalid(`AuthParameters for authorization type ${type} may not contain ${other} parameters.`);
  const merged = {
    ...base.auth[group],
    ...base.secrets,
    ...stripUndefined(update?.[group] ?? {}),
  } as Record<string, unknown>;
  const invocation = update?.invocationHttpParameters ?? base.auth.invocationHttpParameters;
  checkParameters('InvocationHttpParameters', invocation);
  const { password, apiKeyValue, clientSecret, ...rest } = merged as ConnectionSecrets &
    Record<string, unknown>;
  const auth: PublicConnectionAuth = { [group]: rest, invocationHttpParameters: invocation };
  const secrets: ConnectionSecrets = { password, apiKeyValue, clientSecret };
  requireComplete(type, auth, secrets);
  return { auth: stripUndefined(auth), secrets: stripUndefined(secrets) };
}

/** The connection as an HTTP target sees it: the auth, plus the headers and query it always sends. */
export function connectionHttp(
  auth: PublicConnectionAuth,
  secrets: ConnectionSecrets,
): { auth: HttpAuth; headers: Record<string, string>; query: Record<string, string> } {
  const pairs = (list?: ConnectionParameter[]) =>
    Object.fromEntries((list ?? []).map((p) => [p.key, p.value]));
  const headers = pairs(auth.invocationHttpParameters?.headerParameters);
  const query = pairs(auth.invocationHttpParameters?.queryStringParameters);
  if (auth.basic)
    return {
      auth: { type: 'basic', username: auth.basic.username ?? '', password: secrets.password ?? '' },
      headers,
      query,
    };
  if (auth.apiKey)
    return {
      auth: { type: 'api-key', header: auth.apiKey.apiKeyName ?? '', value: secrets.apiKeyValue ?? '' },
      headers,
      query,
    };
  const oauth = auth.oauth ?? {};
  const scope = oauth.httpParameters?.bodyParameters?.find((p) => p.key === 'scope')?.value;
  return {
    auth: {
      type: 'oauth-client-credentials',
      tokenUrl: oauth.authorizationEndpoint ?? '',
      clientId: oauth.clientId ?? '',
      clientSecret: secrets.clientSecret ?? '',
      ...(scope !== undefined ? { scope } : {}),
    },
    headers,
    query,
  };
}

function requireComplete(
  type: ConnectionAuthorizationType,
  auth: PublicConnectionAuth,
  secrets: ConnectionSecrets,
): void {
  const need = (ok: unknown, what: string) => {
    if (typeof ok !== 'string' || ok.length === 0 || ok.length > 2048)
      throw invalid(`Authorization type ${type} needs ${what} (1 to 2048 characters).`);
  };
  if (type === 'BASIC') {
    need(auth.basic?.username, 'BasicAuthParameters.Username');
    need(secrets.password, 'BasicAuthParameters.Password');
  } else if (type === 'API_KEY') {
    need(auth.apiKey?.apiKeyName, 'ApiKeyAuthParameters.ApiKeyName');
    need(secrets.apiKeyValue, 'ApiKeyAuthParameters.ApiKeyValue');
    if (!HEADER_NAME.test(auth.apiKey?.apiKeyName ?? ''))
      throw invalid('ApiKeyAuthParameters.ApiKeyName must be a valid HTTP header name.');
  } else {
    const o = auth.oauth;
    need(o?.authorizationEndpoint, 'OAuthParameters.AuthorizationEndpoint');
    need(o?.clientId, 'OAuthParameters.ClientParameters.ClientID');
    need(secrets.clientSecret, 'OAuthParameters.ClientParameters.ClientSecret');
    if (!/^https?:\/\/[^\s]+$/i.test(o?.authorizationEndpoint ?? ''))
      throw invalid('OAuthParameters.AuthorizationEndpoint must be an http(s) URL.');
    // Hookbridge's token client posts a form with grant_type, client id/secret and scope only.
    if ((o?.httpMethod ?? 'POST') !== 'POST')
      throw invalid('OAuthParameters.HttpMethod: Hookbridge requests OAuth tokens with POST only.');
    const p = o?.httpParameters;
    if (p?.headerParameters?.length || p?.queryStringParameters?.length)
      throw invalid('OAuthParameters.OAuthHttpParameters: only the body parameter "scope" is supported.');
    if (p?.bodyParameters?.some((b) => b.key !== 'scope' || b.isValueSecret))
      throw invalid('OAuthParameters.OAuthHttpParameters: only the body parameter "scope" is supported.');
  }
}

/** Header and query parameters become the target's headers and query; Hookbridge cannot do more yet. */
function checkParameters(where: string, p: ConnectionHttpParameters | undefined): void {
  if (!p) return;
  if (p.bodyParameters?.length)
    throw invalid(`${where}.BodyParameters are not supported: Hookbridge sends the event body unchanged.`);
  for (const q of [...(p.headerParameters ?? []), ...(p.queryStringParameters ?? [])])
    if (q.isValueSecret)
      throw invalid(
        `${where}: secret parameter values (IsValueSecret) are not supported; use the auth parameters.`,
      );
  for (const h of p.headerParameters ?? [])
    if (!HEADER_NAME.test(h.key)) throw invalid(`${where}: '${h.key}' is not a valid HTTP header name.`);
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
