/** An error whose `code` says what went wrong, in the style of Node's own errors. */
export function codedError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

/** A transport failure (no HTTP status) in the terms a delivery outcome needs. */
export interface NetworkFailure {
  readonly errorCode: string;
  readonly retryable: boolean;
  readonly errorMessage: string;
}

/** Codes kept as they are; all are transient conditions worth retrying. */
const RETRYABLE_CODES = new Set([
  'TIMEOUT',
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'EAI_AGAIN', // temporary DNS failure
]);

/**
 * Maps a Node socket/DNS/TLS error to an error code and retry class. EventBridge retries network
 * conditions; it does not retry a target that no longer exists, which for a URL is a name that DNS
 * says does not exist (ENOTFOUND), nor addresses our SSRF guard refuses.
 */
export function classifyNetworkError(error: unknown): NetworkFailure {
  const code =
    typeof (error as { code?: unknown })?.code === 'string' ? (error as { code: string }).code : '';
  const message = error instanceof Error ? error.message : String(error);
  if (RETRYABLE_CODES.has(code)) return { errorCode: code, retryable: true, errorMessage: message };
  if (code === 'SSRF_BLOCKED') return { errorCode: code, retryable: false, errorMessage: message };
  if (code === 'ENOTFOUND') return { errorCode: code, retryable: false, errorMessage: message };
  if (isTlsError(code))
    return { errorCode: 'TLS_ERROR', retryable: true, errorMessage: `${code}: ${message}` };
  if (code.startsWith('HPE_'))
    return { errorCode: 'PROTOCOL_ERROR', retryable: true, errorMessage: `${code}: ${message}` };
  if (code.startsWith('ERR_INVALID_') || code === 'ERR_UNESCAPED_CHARACTERS') {
    return { errorCode: 'INVALID_REQUEST', retryable: false, errorMessage: message };
  }
  return {
    errorCode: 'NETWORK_ERROR',
    retryable: true,
    errorMessage: code ? `${code}: ${message}` : message,
  };
}

function isTlsError(code: string): boolean {
  return (
    code.startsWith('ERR_TLS_') ||
    code.startsWith('ERR_SSL_') ||
    code.startsWith('CERT_') ||
    code.includes('CERT') ||
    code === 'DEPTH_ZERO_SELF_SIGNED_CERT' ||
    code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'
  );
}
