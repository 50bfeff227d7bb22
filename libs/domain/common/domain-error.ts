/** The error codes Hookbridge answers with; AWS's names where AWS has one. */
export type ErrorCode =
  | 'ResourceNotFoundException'
  | 'ResourceAlreadyExistsException'
  | 'InvalidStateException'
  | 'ValidationException'
  | 'LimitExceededException'
  | 'InvalidEventPatternException'
  | 'ConcurrentModificationException'
  | 'AccessDeniedException'
  | 'Unauthorized';

const STATUS: Record<ErrorCode, number> = {
  ResourceNotFoundException: 404,
  ResourceAlreadyExistsException: 409,
  InvalidStateException: 409,
  ConcurrentModificationException: 409,
  ValidationException: 400,
  LimitExceededException: 400,
  InvalidEventPatternException: 400,
  AccessDeniedException: 403,
  Unauthorized: 401,
};

/** A failure the caller caused; every interface turns it into its own error shape. */
export class DomainError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DomainError';
    this.status = STATUS[code];
  }
}

export const notFound = (what: string): DomainError =>
  new DomainError('ResourceNotFoundException', `${what} does not exist.`);
export const invalid = (message: string): DomainError => new DomainError('ValidationException', message);
export const invalidState = (message: string): DomainError =>
  new DomainError('InvalidStateException', message);
export const alreadyExists = (what: string): DomainError =>
  new DomainError('ResourceAlreadyExistsException', `${what} already exists.`);
