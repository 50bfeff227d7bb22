/**
 * Configuration of an HTTP target, modelled on EventBridge API destinations and connections.
 * Secrets arrive decrypted from the caller.
 */

export interface HttpTargetConfig {
  readonly url: string;
  /** Any method except CONNECT and TRACE (as AWS); default POST. */
  readonly method?: string;
  /** Static headers for this target. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Static query-string parameters, appended to those already in `url`. */
  readonly queryParameters?: Readonly<Record<string, string>>;
  /**
   * Members added to the request's JSON object body (EventBridge's connection BodyParameters); a
   * body that is not a JSON object, or a GET, fails the attempt without retrying.
   */
  readonly bodyParameters?: Readonly<Record<string, string>>;
  /** Covers DNS, connect, TLS, request and response; default 5 000 ms (the API destination timeout). */
  readonly timeoutMs?: number;
  readonly connection?: HttpConnection;
  /**
   * Standard Webhooks secrets (`whsec_…`), newest first. When present every request carries
   * `webhook-id`, `webhook-timestamp` and `webhook-signature`.
   */
  readonly signingSecrets?: readonly string[];
}

/** An EventBridge-style connection: how to authorise, plus parameters sent with every invocation. */
export interface HttpConnection {
  /** Stable id; OAuth tokens are cached per connection. */
  readonly id: string;
  readonly auth: ConnectionAuth;
  readonly headers?: Readonly<Record<string, string>>;
  readonly queryParameters?: Readonly<Record<string, string>>;
}

export type ConnectionAuth = BasicAuth | ApiKeyAuth | OAuthClientCredentialsAuth;

export interface BasicAuth {
  readonly type: 'basic';
  readonly username: string;
  readonly password: string;
}

export interface ApiKeyAuth {
  readonly type: 'api-key';
  /** Header name, e.g. `x-api-key`. */
  readonly headerName: string;
  readonly headerValue: string;
}

export interface OAuthClientCredentialsAuth {
  readonly type: 'oauth-client-credentials';
  /** The token endpoint (EventBridge's `AuthorizationEndpoint`). */
  readonly tokenUrl: string;
  /** GET puts the parameters in the query string, POST and PUT in a form body; default POST. */
  readonly httpMethod?: 'GET' | 'POST' | 'PUT';
  readonly clientId: string;
  readonly clientSecret: string;
  readonly scope?: string;
  /** Extra token-request parameters (EventBridge's `OAuthHttpParameters`). */
  readonly bodyParameters?: Readonly<Record<string, string>>;
  readonly queryParameters?: Readonly<Record<string, string>>;
  readonly headers?: Readonly<Record<string, string>>;
}

/** One delivery: the id doubles as `webhook-id` and `Idempotency-Key`, so it must be stable across retries. */
export interface HttpDelivery {
  readonly deliveryId: string;
  /** The shaped body (see `shapeInput`). */
  readonly body: string;
}

export const DEFAULT_TIMEOUT_MS = 5_000;
export const MAX_TIMEOUT_MS = 60_000;

/**
 * Headers the client sets itself; target and connection headers may not set them (Content-Type and
 * static Authorization without connection auth are allowed).
 */
export const RESERVED_HEADERS: ReadonlySet<string> = new Set([
  'host',
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'upgrade',
  'te',
  'trailer',
  'user-agent',
  'idempotency-key',
  'webhook-id',
  'webhook-timestamp',
  'webhook-signature',
]);

/**
 * Headers that target and connection headers may not set because the transport cannot honour
 * them: `Expect: 100-continue` asks the client to wait for the server before sending the body,
 * which the HTTP client (undici) does not do over HTTP/1.1 and so refuses to send.
 */
export const UNSUPPORTED_HEADERS: ReadonlySet<string> = new Set(['expect']);
