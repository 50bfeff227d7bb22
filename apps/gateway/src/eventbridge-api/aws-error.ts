import { DomainError, type ErrorCode } from '#libs/domain';
import { isDataException, isUnavailable } from '../common/error-body.js';

/** The error types the EventBridge-compatible endpoint answers with, named as AWS names them. */
export type AwsErrorType =
  | 'ResourceNotFoundException'
  | 'ResourceAlreadyExistsException'
  | 'InvalidEventPatternException'
  | 'ValidationException'
  | 'InvalidStateException'
  | 'IllegalStatusException'
  | 'LimitExceededException'
  | 'ConcurrentModificationException'
  | 'AccessDeniedException'
  | 'UnrecognizedClientException'
  | 'InvalidSignatureException'
  | 'IncompleteSignatureException'
  | 'MissingAuthenticationTokenException'
  | 'UnknownOperationException'
  | 'SerializationException'
  | 'RequestEntityTooLargeException'
  | 'ServiceUnavailable'
  | 'InternalException';

/** The HTTP status of each type AWS does not answer with 400. */
const STATUS: Partial<Record<AwsErrorType, number>> = {
  RequestEntityTooLargeException: 413,
  ServiceUnavailable: 503,
  InternalException: 500,
};

/**
 * An error in AWS's JSON 1.1 shape: `{__type, message}` with HTTP 400, or 413 for a request body
 * over the cap, 503 for ServiceUnavailable (AWS's common error, which the SDKs retry) and 500 for
 * InternalException.
 */
export class AwsError extends Error {
  constructor(
    readonly type: AwsErrorType,
    message: string,
    readonly status = STATUS[type] ?? 400,
  ) {
    super(message);
    this.name = 'AwsError';
  }

  get body(): { __type: string; message: string } {
    return { __type: this.type, message: this.message };
  }
}

/** Every DomainError code and the AWS type it becomes; they share AWS's names except Unauthorized. */
const FROM_DOMAIN: Record<ErrorCode, AwsErrorType> = {
  ResourceNotFoundException: 'ResourceNotFoundException',
  ResourceAlreadyExistsException: 'ResourceAlreadyExistsException',
  InvalidStateException: 'InvalidStateException',
  ValidationException: 'ValidationException',
  LimitExceededException: 'LimitExceededException',
  InvalidEventPatternException: 'InvalidEventPatternException',
  ConcurrentModificationException: 'ConcurrentModificationException',
  AccessDeniedException: 'AccessDeniedException',
  Unauthorized: 'UnrecognizedClientException',
};

/**
 * Turns anything thrown while serving a request into an AwsError. Errors of the caller keep their
 * message; anything unexpected becomes InternalException with a generic message (`unexpected`).
 */
export function toAwsError(err: unknown): { error: AwsError; unexpected: boolean } {
  if (err instanceof AwsError) return { error: err, unexpected: false };
  if (err instanceof DomainError)
    return {
      error: new AwsError(FROM_DOMAIN[err.code] ?? 'ValidationException', err.message),
      unexpected: false,
    };
  if (isDataException(err)) {
    return {
      error: new AwsError(
        'ValidationException',
        'A value in the request cannot be stored (for example a NUL character in a string).',
      ),
      unexpected: false,
    };
  }
  if (isUnavailable(err)) {
    return {
      error: new AwsError('ServiceUnavailable', 'The service is temporarily unavailable; retry shortly.'),
      unexpected: false,
    };
  }
  const status = (err as { statusCode?: unknown } | undefined)?.statusCode;
  // Fastify's own client errors (body too large, bad content length) are the caller's too, and keep
  // their status: a body over the cap is 413, as AWS answers it.
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const message = String((err as Error).message);
    const error =
      status === 413
        ? new AwsError('RequestEntityTooLargeException', message)
        : new AwsError('ValidationException', message, status);
    return { error, unexpected: false };
  }
  return {
    error: new AwsError('InternalException', 'The request failed because of an internal error.'),
    unexpected: true,
  };
}
