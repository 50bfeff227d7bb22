import { performance } from 'node:perf_hooks';
import type { DeliveryOutcome } from '../delivery-outcome.js';
import { HttpStatusClass, classifyHttpStatus } from '../retry/http-status.js';
import { parseRetryAfter } from '../retry/retry-after.js';
import { DEFAULT_TIMEOUT_MS, type HttpDelivery, type HttpTargetConfig } from './http-target.js';
import { validateHttpTarget } from './http-target.validator.js';
import { HttpTransport, type InboundResponse, type TransportError } from './http-request.js';
import { classifyNetworkError } from './network-errors.js';
import { type ConnectionCredentials, resolveCredentials } from './connection-credentials.js';
import { OAuthTokenCache } from './oauth-token.cache.js';
import { SsrfGuard } from './ssrf-guard.js';
import { signWebhook } from './webhook-signer.js';

export interface HttpTargetClientOptions {
  /** CIDR blocks reachable even though they are private, loopback or link-local. Default none. */
  readonly allowedCidrs?: readonly string[];
  /** Allow `http:` URLs; API destinations require HTTPS. Default false. */
  readonly allowPlainHttp?: boolean;
  readonly userAgent?: string;
  /** Response bytes read before the rest is discarded; default 64 KiB. */
  readonly maxResponseBytes?: number;
  readonly now?: () => Date;
  /** Share one cache between clients; by default each client has its own. */
  readonly tokenCache?: OAuthTokenCache;
  /** How long an idle connection to a target that sends no keep-alive hint is kept (HttpTransport). */
  readonly keepAliveMs?: number;
  /** Called each time a request is made again on another connection after losing a kept one. */
  readonly onResend?: () => void;
}

/** Longest slice of a failed response's body quoted in `errorMessage`. */
const ERROR_SNIPPET_BYTES = 1024;

/**
 * Delivers events to HTTP endpoints with EventBridge API-destination semantics: 2xx is success,
 * 429/5xx/network errors are retryable (with `Retry-After`), other statuses are not, and 410 also
 * asks for the target to be disabled. Every request carries `Idempotency-Key: <deliveryId>` and,
 * when the target has secrets, a Standard Webhooks signature. `deliver` never throws.
 */
export class HttpTargetClient {
  private readonly transport: HttpTransport;
  private readonly tokens: OAuthTokenCache;
  private readonly now: () => Date;
  private readonly userAgent: string;
  private readonly maxResponseBytes: number;

  constructor(private readonly options: HttpTargetClientOptions = {}) {
    this.transport = new HttpTransport(new SsrfGuard(options.allowedCidrs), {
      keepAliveMs: options.keepAliveMs,
      onResend: options.onResend,
    });
    this.now = options.now ?? (() => new Date());
    this.tokens = options.tokenCache ?? new OAuthTokenCache(() => this.now().getTime());
    this.userAgent = options.userAgent ?? 'Hookbridge/1.0';
    this.maxResponseBytes = options.maxResponseBytes ?? 64 * 1024;
  }

  /** Sends one delivery and reports how it went. */
  async deliver(target: HttpTargetConfig, delivery: HttpDelivery): Promise<DeliveryOutcome> {
    const started = performance.now();
    const durationMs = () => Math.round(performance.now() - started);
    try {
      return await this.attempt(target, delivery, durationMs);
    } catch (error) {
      // A bug or malformed input from the caller; still an outcome, bounded by the retry policy.
      const errorMessage = error instanceof Error ? error.message : String(error);
      return {
        ok: false,
        retryable: true,
        errorCode: 'INTERNAL_ERROR',
        errorMessage,
        durationMs: durationMs(),
      };
    }
  }

  private async attempt(
    target: HttpTargetConfig,
    delivery: HttpDelivery,
    durationMs: () => number,
  ): Promise<DeliveryOutcome> {
    try {
      validateHttpTarget(target, { allowPlainHttp: this.options.allowPlainHttp });
    } catch (error) {
      return {
        ok: false,
        retryable: false,
        errorCode: 'INVALID_TARGET',
        errorMessage: (error as Error).message,
        durationMs: durationMs(),
      };
    }
    if (target.bodyParameters && Object.keys(target.bodyParameters).length > 0) {
      const withParameters = withBodyParameters(target, target.bodyParameters, delivery.body);
      if ('error' in withParameters)
        return {
          ok: false,
          retryable: false,
          errorCode: 'INVALID_TARGET',
          errorMessage: withParameters.error,
          durationMs: durationMs(),
        };
      delivery = { ...delivery, body: withParameters.body };
    }
    const context = {
      transport: this.transport,
      tokens: this.tokens,
      timeoutMs: target.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      userAgent: this.userAgent,
      now: () => this.now().getTime(),
    };
    let credentials = await resolveCredentials(target.connection, context);
    if (!credentials.ok) return { ok: false, ...credentials.failure, durationMs: durationMs() };
    let result = await this.send(target, delivery, credentials);
    // EventBridge refreshes OAuth tokens on 401/407; a token fetched just now is not refetched.
    if (isAuthChallenge(result) && credentials.retryWithFreshToken) {
      credentials.retryWithFreshToken();
      credentials = await resolveCredentials(target.connection, context);
      if (!credentials.ok) return { ok: false, ...credentials.failure, durationMs: durationMs() };
      result = await this.send(target, delivery, credentials);
    }
    return this.toOutcome(result, durationMs());
  }

  /** Closes the keep-alive connections (deliveries still in flight fail); call on shutdown. */
  close(): Promise<void> {
    return this.transport.close();
  }

  private send(target: HttpTargetConfig, delivery: HttpDelivery, credentials: ConnectionCredentials) {
    const url = new URL(target.url);
    const query = { ...target.connection?.queryParameters, ...target.queryParameters };
    for (const [name, value] of Object.entries(query)) url.searchParams.append(name, value);
    const method = (target.method ?? 'POST').toUpperCase();
    const body = method === 'GET' || method === 'HEAD' ? undefined : Buffer.from(delivery.body, 'utf8');
    const headers: Record<string, string> = {
      ...(body ? { 'content-type': 'application/json; charset=utf-8' } : {}),
      ...lowerCaseKeys(target.connection?.headers),
      ...lowerCaseKeys(target.headers),
      ...credentials.headers,
      'user-agent': this.userAgent,
      'idempotency-key': delivery.deliveryId,
    };
    if (body) headers['content-length'] = String(body.length);
    if (target.signingSecrets?.length) {
      Object.assign(headers, signWebhook(target.signingSecrets, delivery.deliveryId, this.now(), body ?? ''));
    }
    const timeoutMs = target.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    return this.transport.send({
      url,
      method,
      headers,
      body,
      timeoutMs,
      maxResponseBytes: this.maxResponseBytes,
    });
  }

  private toOutcome(result: InboundResponse | TransportError, durationMs: number): DeliveryOutcome {
    if (result.kind === 'error') return { ok: false, ...classifyNetworkError(result.error), durationMs };
    const { statusCode } = result;
    const statusClass = classifyHttpStatus(statusCode);
    if (statusClass === HttpStatusClass.Success) return { ok: true, statusCode, durationMs };
    const retryAfter = parseRetryAfter(result.headers['retry-after'], this.now());
    const snippet = result.body.subarray(0, ERROR_SNIPPET_BYTES).toString('utf8').trim();
    return {
      ok: false,
      // A negative Retry-After means "do not retry", as with EventBridge.
      retryable: statusClass === HttpStatusClass.Retryable && retryAfter?.kind !== 'StopRetrying',
      errorCode: `HTTP_${statusCode}`,
      errorMessage: `HTTP ${statusCode}${result.statusMessage ? ` ${result.statusMessage}` : ''}${snippet ? `: ${snippet}` : ''}`,
      statusCode,
      ...(retryAfter?.kind === 'Delay' ? { retryAfterMs: retryAfter.delayMs } : {}),
      ...(statusClass === HttpStatusClass.Gone ? { disableTarget: true } : {}),
      durationMs,
    };
  }
}

/**
 * The body with `params` added as top-level members (they win over members of
 * the event of the same name, as a connection's parameters win over the target's); an error when
 * the request (its method) has no JSON object body to add them to.
 */
function withBodyParameters(
  target: HttpTargetConfig,
  params: Readonly<Record<string, string>>,
  body: string,
): { body: string } | { error: string } {
  const method = (target.method ?? 'POST').toUpperCase();
  if (method === 'GET' || method === 'HEAD')
    return { error: `Body parameters cannot be sent: a ${method} request has no body.` };
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    parsed = undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    return { error: "Body parameters are added to a JSON object body; this target's input is not one." };
  return { body: JSON.stringify({ ...parsed, ...params }) };
}

function isAuthChallenge(result: InboundResponse | TransportError): boolean {
  return result.kind === 'response' && (result.statusCode === 401 || result.statusCode === 407);
}

function lowerCaseKeys(headers: Readonly<Record<string, string>> | undefined): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
  );
}
