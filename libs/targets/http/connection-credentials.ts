import type { HttpConnection } from './http-target.js';
import type { HttpTransport } from './http-request.js';
import type { NetworkFailure } from './network-errors.js';
import { fetchClientCredentialsToken, tokenCacheKey } from './oauth-client-credentials.js';
import type { OAuthTokenCache } from './oauth-token.cache.js';

/** Headers that authorise one request under a connection. */
export type ConnectionCredentials = {
  readonly ok: true;
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string>>;
  /**
   * Present when the headers carry a cached OAuth token: drops it so the next resolve fetches a new
   * one. Used once after the target answers 401 or 407.
   */
  readonly retryWithFreshToken?: () => void;
};

export interface CredentialsContext {
  readonly transport: HttpTransport;
  readonly tokens: OAuthTokenCache;
  readonly timeoutMs: number;
  readonly userAgent: string;
  readonly now: () => number;
}

/** Builds the authorisation headers for a connection, fetching an OAuth token when needed. */
export async function resolveCredentials(
  connection: HttpConnection | undefined,
  ctx: CredentialsContext,
): Promise<ConnectionCredentials | { readonly ok: false; readonly failure: NetworkFailure }> {
  const auth = connection?.auth;
  if (!connection || !auth) return { ok: true, headers: {} };
  switch (auth.type) {
    case 'basic': {
      const encoded = Buffer.from(`${auth.username}:${auth.password}`, 'utf8').toString('base64');
      return { ok: true, headers: { authorization: `Basic ${encoded}` } };
    }
    case 'api-key':
      return { ok: true, headers: { [auth.headerName.toLowerCase()]: auth.headerValue } };
    case 'oauth-client-credentials': {
      const key = tokenCacheKey(connection, auth);
      const result = await ctx.tokens.get(key, () => fetchClientCredentialsToken(auth, ctx));
      if (!result.ok) return result;
      const headers = { authorization: `Bearer ${result.token.accessToken}` };
      if (result.fresh) return { ok: true, headers };
      return { ok: true, headers, retryWithFreshToken: () => ctx.tokens.invalidate(key, result.token) };
    }
  }
}
