import type { ConnectionAuthorizationType } from '#libs/db';
import { invalid } from '../common/index.js';
import { RESERVED_HEADERS, UNSUPPORTED_HEADERS } from '#libs/targets';
import type { HttpAuth } from '../rules/target.schema.js';

/**
 * One key/value of a connection's HTTP parameters (AWS's ConnectionHeaderParameter etc.). As stored
 * and described, a secret parameter has no value: the value is sealed with the other secrets.
 */
export interface ConnectionParameter {
  key: string;
  value?: string;
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

/** Values of secret HTTP parameters (IsValueSecret), by where they go and then by key. */
export interface SecretParameterValues {
  header?: Record<string, string>;
  query?: Record<string, string>;
  body?: Record<string, string>;
}

/** The secret values, stored sealed. */
export interface ConnectionSecrets {
  password?: string;
  apiKeyValue?: string;
  clientSecret?: string;
  /** Secret values of InvocationHttpParameters. */
  invocation?: SecretParameterValues;
  /** Secret values of the OAuth token request's OAuthHttpParameters. */
  oauth?: SecretParameterValues;
}

/** HTTP parameters as a target or token request sends them: every value, secret or not. */
export interface ResolvedHttpParameters {
  headers: Record<string, string>;
  query: Record<string, string>;
  body: Record<string, string>;
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Printable ASCII and tabs: nothing that could end a header line. */
const HEADER_VALUE = /^[\t\x20-\x7e]*$/;
const GROUP = { BASIC: 'basic', API_KEY: 'apiKey', OAUTH_CLIENT_CREDENTIALS: 'oauth' } as const;
const OAUTH_METHODS = ['GET', 'POST', 'PUT'];
const LISTS = [
  { list: 'headerParameters', place: 'header', aws: 'HeaderParameters' },
  { list: 'queryStringParameters', place: 'query', aws: 'QueryStringParameters' },
  { list: 'bodyParameters', place: 'body', aws: 'BodyParameters' },
] as const;

/**
 * Merges an update into the stored parameters (AWS's UpdateConnection changes only what it names;
 * a new authorization type starts from nothing), checks the result is complete for the type and
 * deliverable by Hookbridge's HTTP targets, and splits it into public and secret parts. A list of
 * HTTP parameters in the update replaces the stored list, secret values included; a list it leaves
 * out is kept as stored.
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
  const { httpParameters: oauthUpdate, ...groupUpdate } = (update?.[group] ?? {}) as NonNullable<
    ConnectionAuthInput['oauth']
  >;
  const { httpParameters: oauthStored, ...groupStored } = (base.auth[group] ?? {}) as NonNullable<
    ConnectionAuthInput['oauth']
  >;
  const { password, apiKeyValue, clientSecret, ...rest } = {
    ...groupStored,
    password: base.secrets.password,
    apiKeyValue: base.secrets.apiKeyValue,
    clientSecret: base.secrets.clientSecret,
    ...stripUndefined(groupUpdate),
  } as ConnectionSecrets & Record<string, unknown>;
  const invocation =
    update?.invocationHttpParameters !== undefined
      ? splitParameters('InvocationHttpParameters', update.invocationHttpParameters)
      : { shown: base.auth.invocationHttpParameters, secret: base.secrets.invocation };
  const oauth =
    group !== 'oauth'
      ? undefined
      : oauthUpdate !== undefined
        ? splitParameters('OAuthParameters.OAuthHttpParameters', oauthUpdate)
        : { shown: oauthStored, secret: base.secrets.oauth };
  const auth: PublicConnectionAuth = {
    [group]: stripUndefined({ ...rest, httpParameters: oauth?.shown }),
    invocationHttpParameters: invocation.shown,
  };
  const secrets: ConnectionSecrets = {
    password,
    apiKeyValue,
    clientSecret,
    invocation: invocation.secret,
    oauth: oauth?.secret,
  };
  requireComplete(type, auth, secrets);
  return { auth: stripUndefined(auth), secrets: stripUndefined(secrets) };
}

/**
 * The connection as an HTTP target sees it: the auth (for OAuth, with the token request's own
 * parameters), and the parameters every invocation sends, shown ones and secret ones apart so
 * that the target can keep the secret ones sealed too.
 */
export function connectionHttp(
  auth: PublicConnectionAuth,
  secrets: ConnectionSecrets,
): { auth: HttpAuth; shown: ResolvedHttpParameters; secret: ResolvedHttpParameters } {
  const invocation = auth.invocationHttpParameters;
  const shown = resolvedParameters(invocation, undefined);
  const secret = resolvedParameters(undefined, secrets.invocation);
  if (auth.basic)
    return {
      auth: { type: 'basic', username: auth.basic.username ?? '', password: secrets.password ?? '' },
      shown,
      secret,
    };
  if (auth.apiKey)
    return {
      auth: { type: 'api-key', header: auth.apiKey.apiKeyName ?? '', value: secrets.apiKeyValue ?? '' },
      shown,
      secret,
    };
  const oauth = auth.oauth ?? {};
  // The whole auth is sealed with the target, so the token request's parameters travel in one piece.
  const token = resolvedParameters(oauth.httpParameters, secrets.oauth);
  return {
    auth: stripUndefined({
      type: 'oauth-client-credentials' as const,
      tokenUrl: oauth.authorizationEndpoint ?? '',
      httpMethod: oauth.httpMethod as 'GET' | 'POST' | 'PUT' | undefined,
      clientId: oauth.clientId ?? '',
      clientSecret: secrets.clientSecret ?? '',
      headers: nonEmpty(token.headers),
      queryParameters: nonEmpty(token.query),
      bodyParameters: nonEmpty(token.body),
    }),
    shown,
    secret,
  };
}

/** The shown values of `p` together with the secret ones, as maps by key. */
function resolvedParameters(
  p: ConnectionHttpParameters | undefined,
  secret: SecretParameterValues | undefined,
): ResolvedHttpParameters {
  const shown = (l?: ConnectionParameter[]) =>
    Object.fromEntries((l ?? []).flatMap((x) => (x.isValueSecret ? [] : [[x.key, x.value ?? '']])));
  return {
    headers: { ...shown(p?.headerParameters), ...secret?.header },
    query: { ...shown(p?.queryStringParameters), ...secret?.query },
    body: { ...shown(p?.bodyParameters), ...secret?.body },
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
    if (!OAUTH_METHODS.includes(o?.httpMethod ?? 'POST'))
      throw invalid(`OAuthParameters.HttpMethod must be one of ${OAUTH_METHODS.join(', ')}.`);
  }
}

/**
 * Checks a list of HTTP parameters and splits it: what may be shown (a secret parameter without its
 * value) and the secret values. Headers must be valid and not ones the HTTP client sets itself.
 */
function splitParameters(
  where: string,
  p: ConnectionHttpParameters,
): { shown: ConnectionHttpParameters; secret: SecretParameterValues | undefined } {
  const shown: ConnectionHttpParameters = {};
  const secret: SecretParameterValues = {};
  for (const { list, place, aws } of LISTS) {
    const items = p[list];
    if (items === undefined) continue;
    const field = `${where}.${aws}`;
    if (items.length > 100) throw invalid(`${field}: at most 100 parameters.`);
    const seen = new Set<string>();
    shown[list] = items.map(({ key, value, isValueSecret }) => {
      if (typeof key !== 'string' || key.length === 0 || key.length > 512)
        throw invalid(`${field}: every Key must have 1 to 512 characters.`);
      if (typeof value !== 'string' || value.length > 512)
        throw invalid(`${field}: parameter '${key}' needs a Value of at most 512 characters.`);
      if (place === 'header') {
        if (!HEADER_NAME.test(key)) throw invalid(`${field}: '${key}' is not a valid HTTP header name.`);
        if (RESERVED_HEADERS.has(key.toLowerCase()))
          throw invalid(`${field}: Hookbridge sets the header '${key}' itself.`);
        if (UNSUPPORTED_HEADERS.has(key.toLowerCase()))
          throw invalid(`${field}: the header '${key}' is not supported.`);
        if (where === 'InvocationHttpParameters' && key.toLowerCase() === 'authorization')
          throw invalid(`${field}: the connection's authorization sets the header '${key}'.`);
        if (!HEADER_VALUE.test(value))
          throw invalid(`${field}: the value of header '${key}' must be printable ASCII.`);
      }
      const id = place === 'header' ? key.toLowerCase() : key;
      if (seen.has(id)) throw invalid(`${field}: parameter '${key}' is given more than once.`);
      seen.add(id);
      if (!isValueSecret) return { key, value };
      (secret[place] ??= {})[key] = value;
      return { key, isValueSecret: true };
    });
  }
  return { shown, secret: Object.keys(secret).length > 0 ? secret : undefined };
}

function nonEmpty(o: Record<string, string>): Record<string, string> | undefined {
  return Object.keys(o).length > 0 ? o : undefined;
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
