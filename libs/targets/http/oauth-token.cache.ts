/** An access token from a client-credentials grant. */
export interface OAuthToken {
  readonly accessToken: string;
  /** Epoch milliseconds after which the token is not used; undefined = until the target rejects it. */
  readonly expiresAt?: number;
}

export type TokenFetchResult<F> =
  { readonly ok: true; readonly token: OAuthToken } | { readonly ok: false; readonly failure: F };

export type CachedTokenResult<F> =
  | {
      readonly ok: true;
      readonly token: OAuthToken;
      /** Fetched by this call rather than reused. */ readonly fresh: boolean;
    }
  | { readonly ok: false; readonly failure: F };

/**
 * OAuth tokens per connection. Concurrent deliveries that find no token share one token request
 * (single flight), and a token is dropped `refreshSkewMs` before it expires so it does not lapse in
 * flight. Failures are not cached: the next delivery tries again.
 */
export class OAuthTokenCache {
  private readonly tokens = new Map<string, OAuthToken>();
  private readonly inflight = new Map<string, Promise<TokenFetchResult<unknown>>>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly refreshSkewMs = 30_000,
    /** Tokens kept at most (see evict). */
    private readonly maxTokens = 10_000,
  ) {}

  /** The cached token for `key`, or the result of `fetch` (shared with concurrent callers). */
  async get<F>(key: string, fetch: () => Promise<TokenFetchResult<F>>): Promise<CachedTokenResult<F>> {
    const cached = this.tokens.get(key);
    if (cached && (cached.expiresAt === undefined || cached.expiresAt - this.refreshSkewMs > this.now())) {
      return { ok: true, token: cached, fresh: false };
    }
    let pending = this.inflight.get(key) as Promise<TokenFetchResult<F>> | undefined;
    if (!pending) {
      pending = fetch().finally(() => this.inflight.delete(key));
      this.inflight.set(key, pending);
    }
    const result = await pending;
    if (!result.ok) return result;
    this.tokens.delete(key);
    this.tokens.set(key, result.token);
    if (this.tokens.size > this.maxTokens) this.evict();
    return { ok: true, token: result.token, fresh: true };
  }

  /**
   * Keeps the cache bounded when credentials keep changing (each change is a new key): expired
   * tokens go first, then the least recently fetched.
   */
  private evict(): void {
    const now = this.now();
    for (const [key, token] of this.tokens)
      if (token.expiresAt !== undefined && token.expiresAt <= now) this.tokens.delete(key);
    for (const key of this.tokens.keys()) {
      if (this.tokens.size <= this.maxTokens) break;
      this.tokens.delete(key);
    }
  }

  /** Forgets `token` (after a 401/407) unless a newer one has already replaced it. */
  invalidate(key: string, token: OAuthToken): void {
    if (this.tokens.get(key) === token) this.tokens.delete(key);
  }

  /** Number of cached tokens (for metrics and tests). */
  get size(): number {
    return this.tokens.size;
  }
}
