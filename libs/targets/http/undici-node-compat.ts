import type { IncomingHttpHeaders } from 'node:http';
import { codedError } from './network-errors.js';

/**
 * The transport runs on undici, but its results keep the shapes node:http gave them, so that
 * `classifyNetworkError` and everything reading response headers see what they always saw.
 */

/**
 * Undici's own errors for conditions node:http reported with Node's codes, as Node would have
 * coded them. Errors from the socket, DNS, TLS and the SSRF guard's `lookup` arrive from undici
 * unwrapped and pass through unchanged, as do llhttp's `HPE_*` parser errors.
 */
export function nodeStyleError(error: Error): Error {
  switch ((error as { code?: unknown }).code) {
    // The server closed the connection before answering (node:http's words for that), or the
    // transport was closed under the request, which node:http saw as its socket dying.
    case 'UND_ERR_SOCKET':
    case 'UND_ERR_DESTROYED':
    case 'UND_ERR_CLOSED':
      return codedError('ECONNRESET', `socket hang up (${error.message})`);
    case 'UND_ERR_CONNECT_TIMEOUT':
      return codedError('ETIMEDOUT', error.message);
    // Disabled in favour of the request's own deadline; mapped to it should one still fire.
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      return codedError('TIMEOUT', error.message);
    case 'UND_ERR_HEADERS_OVERFLOW':
      return codedError('HPE_HEADER_OVERFLOW', error.message);
    // A header value, header name or method the request line cannot carry.
    case 'UND_ERR_INVALID_ARG':
    case 'UND_ERR_NOT_SUPPORTED':
      return codedError('ERR_INVALID_ARG_VALUE', error.message);
    default:
      return error;
  }
}

/** Response headers whose repeats node:http drops, keeping the first. */
const FIRST_ONLY = new Set([
  'age',
  'authorization',
  'content-length',
  'content-type',
  'etag',
  'expires',
  'from',
  'host',
  'if-modified-since',
  'if-unmodified-since',
  'last-modified',
  'location',
  'max-forwards',
  'proxy-authorization',
  'referer',
  'retry-after',
  'server',
  'user-agent',
]);

/**
 * Undici's parsed response headers (lower-case names, an array for any repeated header) folded
 * as node:http folds repeats: `set-cookie` stays an array, the headers above keep their first
 * value, `cookie` joins with "; " and every other header with ", ". Rewrites `headers` in place.
 */
export function nodeStyleHeaders(
  headers: Record<string, string | string[] | undefined>,
): IncomingHttpHeaders {
  for (const name in headers) {
    const value = headers[name];
    if (!Array.isArray(value) || name === 'set-cookie') continue;
    headers[name] = FIRST_ONLY.has(name) ? value[0] : value.join(name === 'cookie' ? '; ' : ', ');
  }
  return headers as IncomingHttpHeaders;
}
