/**
 * The two error classes the pattern library throws. Callers map `code` straight onto the
 * EventBridge API error of the same name, so nothing else ever escapes this library.
 */
/** The pattern is malformed or breaks a limit. `reason` carries AWS's wording where known. */
export class InvalidEventPatternError extends Error {
    constructor(
    /** The problem in AWS's words, e.g. `prefix match pattern must be a string`. */
    reason, 
    /** Dotted field path the problem sits under, when it belongs to a field. */
    path) {
        super(`Event pattern is not valid. Reason: ${reason}${path === undefined ? '' : ` (field: ${path})`}`);
        this.reason = reason;
        this.path = path;
        this.code = 'InvalidEventPatternException';
        this.name = 'InvalidEventPatternError';
    }
}
/** The event text is not a JSON object (or, for TestEventPattern, lacks envelope fields). */
export class InvalidEventError extends Error {
    constructor(
    /** What exactly is wrong; the message keeps AWS's fixed prefix for API parity. */
    reason) {
        super(`Parameter Event is not valid. Reason: ${reason}`);
        this.reason = reason;
        this.code = 'ValidationException';
        this.name = 'InvalidEventError';
    }
}
//# sourceMappingURL=errors.js.map