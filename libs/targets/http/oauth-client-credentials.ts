import { createHash } from 'node:crypto';
import type { HttpConnection, OAuthClientCredentialsAuth } from './http-target.js';
import type { HttpTransport } from './http-request.js';
import { type NetworkFailure, classifyNetworkError } from './network-errors.js';
import type { TokenFetchResult } from './oauth-token.cache.js';

const MAX_TOKEN_RESPONSE_BYTES = 64 * 1024;

/**
 * Cache key for a connection's token: its id plus a digest of everything that shapes the grant, so
 * rotating the client secret or changing the endpoint never reuses a token from the old settings.
 */
export function tokenCacheKey(connection: HttpConnection, auth: OAuthClientCredentialsAuth): string {
  const digest = createHash('sha256')
    .update(
      JSON.stringify([
        auth.tokenUrl,
        auth.httpMethod,
        auth.clientId,
        auth.clientSecret,
        auth.scope,
        auth.bodyParameters,
        auth.queryParameters,
        auth.headers,
      ]),
    )
    .digest('base64url');
  return `${connection.id}:${digest}`;
}

export interface TokenRequestContext {
  /** Sends through the SSRF guard, like every other request. */
  readonly transport: HttpTransport;
  readonly timeoutMs: number;
  readonly userAgent: string;
  readonly now: () => number;
}

/**
 * Runs an RFC 6749 §4.4 client-credentials grant: client id and secret in HTTP Basic (form-encoded
 * as §2.3.1 requires), `grant_type=client_credentials` plus `scope` and the extra parameters in a
 * form body (or the query string for GET). The token endpoint passes through the SSRF guard too.
 */
export async function fetchClientCredentialsToken(
  auth: OAuthClientCredentialsAuth,
  ctx: TokenRequestContext,
): Promise<TokenFetchResult<NetworkFailure>> {
  const method = auth.httpMethod ?? 'POST';
  const params = new URLSearchParams({ grant_type: 'client_credentials', ...auth.bodyParameters });
  if (auth.scope) params.set('scope', auth.scope);
  const url = new URL(auth.tokenUrl);
  for (const [name, value] of Object.entries(auth.queryParameters ?? {}))
    url.searchParams.append(name, value);
  if (method === 'GET') for (const [name, value] of params) url.searchParams.append(name, value);
  const body = method === 'GET' ? undefined : Buffer.from(params.toString());
  const credentials = `${encodeURIComponent(auth.clientId)}:${encodeURIComponent(auth.clientSecret)}`;
  const headers: Record<string, string> = {
    ...auth.headers,
    'user-agent': ctx.userAgent,
    accept: 'application/json',
    authorization: `Basic ${Buffer.from(credentials).toString('base64')}`,
  };
  if (body) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    headers['content-length'] = String(body.length);
  }
  const result = await ctx.transport.send({
    url,
    method,
    headers,
    body,
    timeoutMs: ctx.timeoutMs,
    maxResponseBytes: MAX_TOKEN_RESPONSE_BYTES,
  });
  if (result.kind === 'error') {
    const failure = classifyNetworkError(result.error);
    return {
      ok: false,
      failure: { ...failure, errorMessage: `token request failed: ${failure.errorMessage}` },
    };
  }
  const status = result.statusCode;
  if (status < 200 || status >= 300) {
    const retryable = status === 429 || status >= 500;
    const snippet = result.body.subarray(0, 256).toString('utf8');
    return failure(retryable, `token endpoint answered HTTP ${status}${snippet ? `: ${snippet}` : ''}`);
  }
  return parseTokenResponse(result.body, ctx.now());
}

function parseTokenResponse(body: Buffer, now: number): TokenFetchResult<NetworkFailure> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return failure(false, 'token endpoint did not return JSON');
  }
  const { access_token: accessToken, expires_in: expiresIn } = (parsed ?? {}) as Record<string, unknown>;
  if (typeof accessToken !== 'string' || accessToken.length === 0) {
    return failure(false, 'token response has no access_token');
  }
  const seconds = typeof expiresIn === 'string' ? Number(expiresIn) : expiresIn;
  const expiresAt =
    typeof seconds === 'number' && Number.isFinite(seconds) ? now + seconds * 1000 : undefined;
  return { ok: true, token: { accessToken, expiresAt } };
}

function failure(retryable: boolean, errorMessage: string): TokenFetchResult<NetworkFailure> {
  return { ok: false, failure: { errorCode: 'OAUTH_TOKEN_FAILED', retryable, errorMessage } };
}
