import type { PutEventsResultEntry } from '@aws-sdk/client-eventbridge';
import { classifyNetworkError } from '../http/network-errors.js';

export interface AwsFailure {
  readonly errorCode: string;
  readonly errorMessage: string;
  readonly retryable: boolean;
  readonly statusCode?: number;
}

/** Per-entry codes AWS documents as retryable (PutEventsResultEntry); every other code is not. */
const RETRYABLE_ENTRY_CODES = new Set(['ThrottlingException', 'InternalFailure']);

/** Request-level errors worth retrying: throttling and service-side failures. */
const RETRYABLE_ERROR_NAMES = new Set([
  'ThrottlingException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'InternalException',
  'InternalFailure',
  'InternalServerError',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
]);

/** The failure described by a PutEvents result entry, or undefined when it has an EventId. */
export function classifyResultEntry(entry: PutEventsResultEntry | undefined): AwsFailure | undefined {
  if (!entry)
    return {
      errorCode: 'InternalFailure',
      errorMessage: 'PutEvents returned no result entry',
      retryable: true,
    };
  if (!entry.ErrorCode) return undefined;
  return {
    errorCode: entry.ErrorCode,
    errorMessage: entry.ErrorMessage ?? entry.ErrorCode,
    retryable: RETRYABLE_ENTRY_CODES.has(entry.ErrorCode),
  };
}

/**
 * Maps an error thrown by the SDK: AWS service errors by name and HTTP status (429/5xx retryable,
 * access and validation errors not, as EventBridge does not retry missing permissions or missing
 * resources), transport errors as in the HTTP client, and our abort as a timeout.
 */
export function classifySdkError(error: unknown): AwsFailure {
  const e = error as {
    name?: string;
    message?: string;
    code?: string;
    $metadata?: { httpStatusCode?: number };
    $fault?: string;
  };
  const name = e?.name ?? 'Error';
  const message = e?.message ?? String(error);
  const statusCode = e?.$metadata?.httpStatusCode;
  if (name === 'AbortError') return { errorCode: 'TIMEOUT', errorMessage: message, retryable: true };
  if (statusCode !== undefined) {
    const retryable =
      RETRYABLE_ERROR_NAMES.has(name) || statusCode === 429 || statusCode >= 500 || e.$fault === 'server';
    return { errorCode: name, errorMessage: message, retryable, statusCode };
  }
  if (typeof e?.code === 'string') return classifyNetworkError(error);
  if (RETRYABLE_ERROR_NAMES.has(name)) return { errorCode: name, errorMessage: message, retryable: true };
  // No response and no socket error code: credential resolution, bad configuration, SDK bugs.
  return { errorCode: name, errorMessage: message, retryable: false };
}
