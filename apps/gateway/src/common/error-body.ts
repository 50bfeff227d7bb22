import { DomainError } from '#libs/domain';

/** The one error shape of every HTTP answer: `{"error": {"code", "message"}}`. */
export interface ErrorBody {
  error: { code: string; message: string };
}

export const errorBody = (code: string, message: string): ErrorBody => ({ error: { code, message } });

const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'PayloadTooLarge',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UnsupportedMediaType',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'ValidationException',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'ValidationException',
  FST_ERR_CTP_INVALID_JSON_BODY: 'ValidationException',
};

const STATUS_CODES: Record<number, string> = {
  400: 'ValidationException',
  401: 'Unauthorized',
  403: 'AccessDeniedException',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  408: 'RequestTimeout',
  413: 'PayloadTooLarge',
  414: 'UriTooLong',
  415: 'UnsupportedMediaType',
  429: 'TooManyRequests',
  431: 'RequestHeaderFieldsTooLarge',
};

/** A body of another type than JSON (which the REST API alone takes; ingest takes any). */
const UNSUPPORTED_MEDIA_TYPE = 'The request body must be JSON, sent with Content-Type: application/json.';

/**
 * Turns anything thrown into a status and an ErrorBody. Client errors keep their message; PostgreSQL
 * or Redis being unreachable is a 503 (send Retry-After, see UNAVAILABLE_RETRY_AFTER_S); anything
 * else unexpected becomes a 500 with a generic message (the details go to the log, not the caller).
 */
export function toErrorResponse(err: unknown): { status: number; body: ErrorBody; unexpected: boolean } {
  if (err instanceof DomainError)
    return { status: err.status, body: errorBody(err.code, err.message), unexpected: false };
  const e = err as {
    statusCode?: unknown;
    status?: unknown;
    code?: unknown;
    message?: unknown;
    getStatus?: () => number;
    getResponse?: () => unknown;
  };
  if (typeof e?.getStatus === 'function') {
    const status = e.getStatus();
    const res = e.getResponse?.();
    const message =
      typeof res === 'object' && res && 'message' in res
        ? String((res as { message: unknown }).message)
        : String(e.message);
    return {
      status,
      body: errorBody(STATUS_CODES[status] ?? 'Error', status === 415 ? UNSUPPORTED_MEDIA_TYPE : message),
      unexpected: status >= 500,
    };
  }
  if (isDataException(err)) {
    return {
      status: 400,
      body: errorBody('ValidationException', dataExceptionMessage(err)),
      unexpected: false,
    };
  }
  if (isUnavailable(err)) {
    return {
      status: 503,
      body: errorBody(
        'ServiceUnavailable',
        'A service the gateway depends on (PostgreSQL or Redis) is unavailable; retry shortly.',
      ),
      unexpected: false,
    };
  }
  const status = typeof e?.statusCode === 'number' ? e.statusCode : 500;
  if (status >= 400 && status < 500) {
    const code =
      (typeof e.code === 'string' && FASTIFY_CODES[e.code]) || STATUS_CODES[status] || 'BadRequest';
    const message = status === 415 ? UNSUPPORTED_MEDIA_TYPE : String(e.message ?? 'Bad request');
    return { status, body: errorBody(code, message), unexpected: false };
  }
  return {
    status: 500,
    body: errorBody('InternalFailure', 'The request failed because of an internal error.'),
    unexpected: true,
  };
}

/**
 * PostgreSQL data exceptions (SQLSTATE class 22: a value it cannot store, such as NUL in text) are
 * caused by input, so they are the caller's error, never a 500. Drizzle wraps them in `cause`.
 */
export function isDataException(err: unknown): boolean {
  const e = err as { code?: unknown; cause?: { code?: unknown } } | undefined;
  return [e?.code, e?.cause?.code].some((c) => typeof c === 'string' && /^22[0-9A-Z]{3}$/.test(c));
}

/** SQLSTATE 22003 and 22008: a number or a time past what PostgreSQL stores. */
const OUT_OF_RANGE = new Set(['22003', '22008']);

function dataExceptionMessage(err: unknown): string {
  const e = err as { code?: unknown; cause?: { code?: unknown } } | undefined;
  return [e?.code, e?.cause?.code].some((c) => typeof c === 'string' && OUT_OF_RANGE.has(c))
    ? 'A number or time in the request is out of range.'
    : 'A value in the request cannot be stored (for example a NUL character in a string).';
}

/** How long a client should wait before retrying after a 503 (seconds). */
export const UNAVAILABLE_RETRY_AFTER_S = 1;

// Connection-level failures of node-postgres and ioredis: the service is down or restarting, not
// the request at fault. SQLSTATE class 08 is "connection exception"; 57P01–57P03 are the server
// shutting down or starting up.
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  '57P01',
  '57P02',
  '57P03',
]);
const UNAVAILABLE_MESSAGE =
  /Connection terminated|connection error|Connection is closed|timeout exceeded when trying to connect|Reached the max retries per request|Stream isn't writeable/i;

/**
 * Whether an error means PostgreSQL or Redis is unreachable (answered 503 + Retry-After), also
 * when wrapped (Drizzle puts the driver's error in `cause`).
 */
export function isUnavailable(err: unknown, depth = 0): boolean {
  const e = err as { code?: unknown; message?: unknown; name?: unknown; cause?: unknown } | null;
  if (!e || typeof e !== 'object' || depth > 3) return false;
  const code = typeof e.code === 'string' ? e.code : '';
  return (
    UNAVAILABLE_CODES.has(code) ||
    code.startsWith('08') ||
    e.name === 'MaxRetriesPerRequestError' ||
    (typeof e.message === 'string' && UNAVAILABLE_MESSAGE.test(e.message)) ||
    isUnavailable(e.cause, depth + 1)
  );
}
