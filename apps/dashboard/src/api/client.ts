import type { Page } from './types';

/** The largest page the REST lists give (`limit` 1–500); fewer round trips when reading a whole list. */
const MAX_PAGE_SIZE = 500;

/** What the gateway answers on failure: `{"error": {"code", "message"}}`. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }

  /** A 404 for the route itself (an endpoint this gateway does not offer yet). */
  get isMissingRoute(): boolean {
    return this.status === 404 && this.code === 'NotFound' && this.message.startsWith('Cannot ');
  }
}

/** The server refused an event pattern (the message names the problem and the field). */
export const isPatternError = (err: unknown): err is ApiError =>
  err instanceof ApiError && err.code === 'InvalidEventPatternException';

/** Who the requests are made for: an admin token acts as an account or a partner through headers. */
export type ActAs = { kind: 'account'; id: string; name?: string } | { kind: 'partner'; name: string };

/** A thin fetch wrapper for `/v1`: bearer token, JSON in and out, errors as {@link ApiError}. */
export class ApiClient {
  constructor(
    private readonly token: string,
    private readonly actAs?: ActAs,
  ) {}

  get<T>(path: string, query?: Record<string, string | number | undefined>): Promise<T> {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query ?? {}))
      if (v !== undefined && v !== '') params.set(k, String(v));
    const qs = params.toString();
    return this.request<T>('GET', qs ? `${path}?${qs}` : path);
  }

  /**
   * Every item of a REST list: follows `nextToken` page by page (the lists answer 100 items unless
   * asked for more), with the same query, so the screens show all of an account's resources.
   */
  async getAll<T>(path: string, query?: Record<string, string | number | undefined>): Promise<Page<T>> {
    const items: T[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.get<Page<T>>(path, { ...query, limit: MAX_PAGE_SIZE, nextToken });
      items.push(...page.items);
      nextToken = page.nextToken;
    } while (nextToken);
    return { items };
  }

  post<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('POST', path, body);
  }

  put<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PUT', path, body);
  }

  delete<T>(path: string): Promise<T> {
    return this.request<T>('DELETE', path);
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.token}`,
      accept: 'application/json',
    };
    if (this.actAs?.kind === 'account') headers['x-hookbridge-account'] = this.actAs.id;
    if (this.actAs?.kind === 'partner') headers['x-hookbridge-partner'] = this.actAs.name;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'omit',
        cache: 'no-store',
      });
    } catch (err) {
      throw new ApiError(0, 'NetworkError', `The gateway did not answer (${(err as Error).message}).`);
    }
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    if (!res.ok) {
      const e = (json as { error?: { code?: string; message?: string } } | undefined)?.error;
      throw new ApiError(res.status, e?.code ?? `HTTP ${res.status}`, e?.message ?? (text || res.statusText));
    }
    return json as T;
  }
}

/** A name as one URL path segment (partner names contain `/`). */
export const seg = encodeURIComponent;
