import { validateHeaderName, validateHeaderValue } from 'node:http';
import {
  MAX_TIMEOUT_MS,
  RESERVED_HEADERS,
  UNSUPPORTED_HEADERS,
  type ConnectionAuth,
  type HttpTargetConfig,
} from './http-target.js';
import { WebhookSecretError, webhookSecretKey } from './webhook-signer.js';

/** Raised for an HTTP target configuration that can never work; the message names the field. */
export class HttpTargetConfigError extends Error {
  override readonly name = 'HttpTargetConfigError';
}

export interface HttpTargetValidationOptions {
  /** Allow `http:` URLs (API destinations require HTTPS). Default false. */
  readonly allowPlainHttp?: boolean;
}

const METHOD = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * Checks an HTTP target when it is saved. Network reachability (including the SSRF rules, which
 * depend on DNS at delivery time) is not checked here.
 */
export function validateHttpTarget(
  config: HttpTargetConfig,
  options: HttpTargetValidationOptions = {},
): void {
  checkUrl('url', config.url, options);
  const method = config.method ?? 'POST';
  if (!METHOD.test(method)) throw new HttpTargetConfigError(`method "${method}" is not a valid HTTP method`);
  if (['CONNECT', 'TRACE'].includes(method.toUpperCase())) {
    throw new HttpTargetConfigError(`method ${method} is not allowed`);
  }
  const timeout = config.timeoutMs;
  if (timeout !== undefined && (!Number.isInteger(timeout) || timeout < 1 || timeout > MAX_TIMEOUT_MS)) {
    throw new HttpTargetConfigError(`timeoutMs must be an integer from 1 to ${MAX_TIMEOUT_MS}`);
  }
  const hasAuth = config.connection !== undefined;
  checkHeaders('headers', config.headers, hasAuth);
  if (config.connection) {
    if (!config.connection.id) throw new HttpTargetConfigError('connection.id is required');
    checkHeaders('connection.headers', config.connection.headers, true);
    checkAuth(config.connection.auth, options);
  }
  for (const secret of config.signingSecrets ?? []) {
    try {
      webhookSecretKey(secret);
    } catch (error) {
      if (error instanceof WebhookSecretError)
        throw new HttpTargetConfigError(`signingSecrets: ${error.message}`);
      throw error;
    }
  }
}

function checkUrl(field: string, url: string, options: HttpTargetValidationOptions): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new HttpTargetConfigError(`${field} "${url}" is not a valid URL`);
  }
  const allowed = options.allowPlainHttp ? ['https:', 'http:'] : ['https:'];
  if (!allowed.includes(parsed.protocol)) {
    throw new HttpTargetConfigError(`${field} must use ${allowed.join(' or ')} (got ${parsed.protocol})`);
  }
  if (parsed.username || parsed.password) {
    throw new HttpTargetConfigError(`${field} must not contain credentials; use a connection`);
  }
}

function checkHeaders(
  field: string,
  headers: Readonly<Record<string, string>> | undefined,
  hasAuth: boolean,
): void {
  for (const [name, value] of Object.entries(headers ?? {})) {
    try {
      validateHeaderName(name);
      validateHeaderValue(name, value);
    } catch {
      throw new HttpTargetConfigError(`${field}: "${name}" is not a valid header`);
    }
    const lower = name.toLowerCase();
    if (RESERVED_HEADERS.has(lower) || (hasAuth && lower === 'authorization')) {
      throw new HttpTargetConfigError(`${field}: "${name}" is set by the gateway and cannot be configured`);
    }
    if (UNSUPPORTED_HEADERS.has(lower))
      throw new HttpTargetConfigError(`${field}: "${name}" is not supported`);
  }
}

function checkAuth(auth: ConnectionAuth, options: HttpTargetValidationOptions): void {
  const required = (field: string, value: unknown) => {
    if (typeof value !== 'string' || value.length === 0) {
      throw new HttpTargetConfigError(`connection.auth.${field} is required`);
    }
  };
  switch (auth?.type) {
    case 'basic':
      required('username', auth.username);
      required('password', auth.password);
      if (auth.username.includes(':'))
        throw new HttpTargetConfigError('connection.auth.username must not contain ":"');
      return;
    case 'api-key':
      required('headerName', auth.headerName);
      required('headerValue', auth.headerValue);
      checkHeaders('connection.auth', { [auth.headerName]: auth.headerValue }, false);
      return;
    case 'oauth-client-credentials':
      checkUrl('connection.auth.tokenUrl', auth.tokenUrl, options);
      required('clientId', auth.clientId);
      required('clientSecret', auth.clientSecret);
      if (auth.httpMethod && !['GET', 'POST', 'PUT'].includes(auth.httpMethod)) {
        throw new HttpTargetConfigError('connection.auth.httpMethod must be GET, POST or PUT');
      }
      checkHeaders('connection.auth.headers', auth.headers, true);
      return;
    default:
      throw new HttpTargetConfigError(
        'connection.auth.type must be basic, api-key or oauth-client-credentials',
      );
  }
}
