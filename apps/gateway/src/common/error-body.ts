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

/**
 * Turns anything thrown into a status and an ErrorBody. Client errors keep their message; anything
 * unexpected becomes a 500 with a generic message (the details go to the log, not the caller).
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
    return { status, body: errorBody(STATUS_CODES[status] ?? 'Error', message), unexpected: status >= 500 };
  }
  if (isDataException(err)) {
    return {
      status: 400,
      body: errorBody(
        'ValidationException',
        'A value in the request cannot be stored (for example a NUL character in a string).',
      ),
      unexpected: false,
    };
  }
  const status = typeof e?.statusCode === 'number' ? e.statusCode : 500;
  if (status >= 400 && status < 500) {
    const code =
      (typeof e.code === 'string' && FASTIFY_CODES[e.code]) || STATUS_CODES[status] || 'BadRequest';
    return { status, body: errorBody(code, String(e.message ?? 'Bad request')), unexpected: false };
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
