/**
 * The two error classes the pattern library throws. Callers map `code` straight onto the
 * EventBridge API error of the same name, so nothing else ever escapes this library.
 */

/** The pattern is malformed or breaks a limit. `reason` carries AWS's wording where known. */
export class InvalidEventPatternError extends Error {
  readonly code = 'InvalidEventPatternException';

  constructor(
    /** The problem in AWS's words, e.g. `prefix match pattern must be a string`. */
    readonly reason: string,
    /** Dotted field path the problem sits under, when it belongs to a field. */
    readonly path?: string,
  ) {
    super(`Event pattern is not valid. Reason: ${reason}${path === undefined ? '' : ` (field: ${path})`}`);
    this.name = 'InvalidEventPatternError';
  }
}

/** The event text is not a JSON object (or, for TestEventPattern, lacks envelope fields). */
export class InvalidEventError extends Error {
  readonly code = 'ValidationException';

  constructor(
    /** What exactly is wrong; the message keeps AWS's fixed prefix for API parity. */
    readonly reason: string,
  ) {
    super(`Parameter Event is not valid. Reason: ${reason}`);
    this.name = 'InvalidEventError';
  }
}
