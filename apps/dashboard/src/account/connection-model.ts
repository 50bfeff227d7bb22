import type {
  Connection,
  ConnectionAuthorizationType,
  ConnectionAuthParameters,
  ConnectionHttpParameters,
  ConnectionParameter,
} from '../api/connection-types';

/** One parameter row as typed; a stored secret row starts with a blank value (never shown). */
export interface ParamRow {
  key: string;
  value: string;
  secret: boolean;
}

export type ParamPlace = 'header' | 'query' | 'body';
export type ParamLists = Record<ParamPlace, ParamRow[]>;

/** The connection form's state: every field as the user typed it. */
export interface ConnectionForm {
  name: string;
  description: string;
  authorizationType: ConnectionAuthorizationType;
  username: string;
  password: string;
  apiKeyName: string;
  apiKeyValue: string;
  authorizationEndpoint: string;
  httpMethod: string;
  clientId: string;
  clientSecret: string;
  /** Sent with every call of the connection's API destinations. */
  invocation: ParamLists;
  /** Sent with the OAuth token request. */
  oauthParams: ParamLists;
}

export type ConnectionErrors = Partial<Record<string, string>>;

export const AUTH_TYPE_LABELS: Record<ConnectionAuthorizationType, string> = {
  BASIC: 'Basic',
  API_KEY: 'API key',
  OAUTH_CLIENT_CREDENTIALS: 'OAuth client credentials',
};

export const PLACE_LABELS: Record<ParamPlace, string> = {
  header: 'Header',
  query: 'Query parameter',
  body: 'Body parameter',
};

const LIST_OF: Record<ParamPlace, keyof ConnectionHttpParameters> = {
  header: 'headerParameters',
  query: 'queryStringParameters',
  body: 'bodyParameters',
};
const PLACES: ParamPlace[] = ['header', 'query', 'body'];

const emptyLists = (): ParamLists => ({ header: [], query: [], body: [] });

export const emptyConnectionForm = (): ConnectionForm => ({
  name: '',
  description: '',
  authorizationType: 'API_KEY',
  username: '',
  password: '',
  apiKeyName: '',
  apiKeyValue: '',
  authorizationEndpoint: '',
  httpMethod: 'POST',
  clientId: '',
  clientSecret: '',
  invocation: emptyLists(),
  oauthParams: emptyLists(),
});

function listsOf(p: ConnectionHttpParameters | undefined): ParamLists {
  const rows = (l?: ConnectionParameter[]): ParamRow[] =>
    (l ?? []).map((x) => ({ key: x.key, value: x.value ?? '', secret: x.isValueSecret === true }));
  return {
    header: rows(p?.headerParameters),
    query: rows(p?.queryStringParameters),
    body: rows(p?.bodyParameters),
  };
}

/** A stored connection in the form: what is shown is filled in; secret values start blank. */
export function formFromConnection(c: Connection): ConnectionForm {
  const a = c.authParameters;
  return {
    ...emptyConnectionForm(),
    name: c.name,
    description: c.description ?? '',
    authorizationType: c.authorizationType,
    username: a.basic?.username ?? '',
    apiKeyName: a.apiKey?.apiKeyName ?? '',
    authorizationEndpoint: a.oauth?.authorizationEndpoint ?? '',
    httpMethod: a.oauth?.httpMethod ?? 'POST',
    clientId: a.oauth?.clientId ?? '',
    invocation: listsOf(a.invocationHttpParameters),
    oauthParams: listsOf(a.oauth?.httpParameters),
  };
}

/**
 * Whether blank credential fields keep the stored ones: only for the stored authorization type of a
 * connection that is AUTHORIZED (a deauthorization removed its credentials).
 */
export const keepsCredentials = (f: ConnectionForm, stored: Connection | undefined): boolean =>
  stored !== undefined && stored.state === 'AUTHORIZED' && f.authorizationType === stored.authorizationType;

/**
 * One list of parameters for the request, or undefined to leave the stored list as it is. Editing,
 * a list is sent only when it changed: the API replaces a list it is given, secret values included,
 * so each secret row of a changed list needs its value typed again.
 */
function listFromForm(
  rows: ParamRow[],
  initial: ParamRow[] | undefined,
  field: string,
  errors: ConnectionErrors,
): ConnectionParameter[] | undefined {
  const blank = (r: ParamRow) => r.key.trim() === '' && r.value === '';
  if (initial !== undefined && JSON.stringify(rows) === JSON.stringify(initial)) return undefined;
  if (initial === undefined && rows.every(blank)) return undefined;
  // Errors are keyed by the row's place on screen; wholly blank rows are left out.
  rows.forEach((r, i) => {
    if (blank(r)) return;
    if (r.key.trim() === '') errors[`${field}.${i}.key`] = 'A name is required.';
    else if (r.secret && r.value === '')
      errors[`${field}.${i}.value`] =
        initial === undefined
          ? 'A secret value is required.'
          : 'Type the secret value again: saving a changed list replaces the stored one.';
  });
  return rows
    .filter((r) => !blank(r))
    .map((r) =>
      r.secret
        ? { key: r.key.trim(), value: r.value, isValueSecret: true }
        : { key: r.key.trim(), value: r.value },
    );
}

function parametersFromForm(
  lists: ParamLists,
  initial: ParamLists | undefined,
  prefix: string,
  errors: ConnectionErrors,
): ConnectionHttpParameters | undefined {
  const out: ConnectionHttpParameters = {};
  for (const place of PLACES) {
    const list = listFromForm(lists[place], initial?.[place], `${prefix}.${place}`, errors);
    if (list) out[LIST_OF[place]] = list;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * The body of POST /v1/connections, or (with `stored`) of PUT /v1/connections/{name}, which changes
 * only what it names: blank credentials keep the stored ones where {@link keepsCredentials} holds,
 * and unchanged parameter lists are left out so that they keep their stored (secret) values.
 */
export function connectionBody(
  f: ConnectionForm,
  stored?: Connection,
): { body?: Record<string, unknown>; errors: ConnectionErrors } {
  const errors: ConnectionErrors = {};
  const keep = keepsCredentials(f, stored);
  const initial = stored ? formFromConnection(stored) : undefined;
  const need = (key: keyof ConnectionForm, label: string, secret: boolean) => {
    if (String(f[key]).trim() !== '' || (secret && keep)) return;
    errors[key] = `${label} is required${secret && stored ? ` (${whyRetype(stored, f)})` : ''}.`;
  };
  if (!stored && !/^[.\-_A-Za-z0-9]{1,64}$/.test(f.name.trim()))
    errors.name = 'Name: 1–64 of letters, digits, . - _';
  const auth: ConnectionAuthParameters = {};
  const secret = (v: string) => (v === '' ? {} : { [SECRET_OF[f.authorizationType]]: v });
  if (f.authorizationType === 'BASIC') {
    need('username', 'Username', false);
    need('password', 'Password', true);
    auth.basic = { username: f.username.trim(), ...secret(f.password) };
  } else if (f.authorizationType === 'API_KEY') {
    need('apiKeyName', 'Header name', false);
    need('apiKeyValue', 'API key value', true);
    auth.apiKey = { apiKeyName: f.apiKeyName.trim(), ...secret(f.apiKeyValue) };
  } else {
    need('authorizationEndpoint', 'Authorization endpoint', false);
    need('clientId', 'Client id', false);
    need('clientSecret', 'Client secret', true);
    const sameType = stored?.authorizationType === 'OAUTH_CLIENT_CREDENTIALS';
    const params = parametersFromForm(
      f.oauthParams,
      sameType ? initial?.oauthParams : undefined,
      'oauth',
      errors,
    );
    auth.oauth = {
      authorizationEndpoint: f.authorizationEndpoint.trim(),
      httpMethod: f.httpMethod,
      clientId: f.clientId.trim(),
      ...secret(f.clientSecret),
      ...(params ? { httpParameters: params } : {}),
    };
  }
  const invocation = parametersFromForm(f.invocation, initial?.invocation, 'invocation', errors);
  if (invocation) auth.invocationHttpParameters = invocation;
  if (Object.keys(errors).length > 0) return { errors };
  const description = f.description.trim();
  return {
    body: {
      ...(stored ? {} : { name: f.name.trim() }),
      ...(description || stored?.description ? { description } : {}),
      authorizationType: f.authorizationType,
      authParameters: auth,
    },
    errors,
  };
}

const SECRET_OF: Record<ConnectionAuthorizationType, string> = {
  BASIC: 'password',
  API_KEY: 'apiKeyValue',
  OAUTH_CLIENT_CREDENTIALS: 'clientSecret',
};

function whyRetype(stored: Connection, f: ConnectionForm): string {
  if (stored.authorizationType !== f.authorizationType)
    return 'a new authorization type needs all its credentials';
  return 'the connection is deauthorized: its credentials were removed';
}
