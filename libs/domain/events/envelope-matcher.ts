import { compileRules, InvalidEventError, InvalidEventPatternError, parsePattern } from '#libs/event-pattern';
import { DomainError } from '../common/index.js';

/** Whether a stored envelope (JSON text) matches. */
export type EnvelopeMatcher = (envelope: string) => boolean;

/**
 * Compiles one event pattern for looking through stored events (search, an archive's dry run). An
 * invalid pattern is an InvalidEventPatternException; an event the matcher cannot read matches
 * nothing, as in routing.
 */
export function envelopeMatcher(pattern: string | Record<string, unknown>): EnvelopeMatcher {
  let matcher: ReturnType<typeof compileRules>;
  try {
    matcher = compileRules([{ id: 'p', pattern: parsePattern(pattern) }]);
  } catch (err) {
    if (err instanceof InvalidEventPatternError)
      throw new DomainError('InvalidEventPatternException', err.message);
    throw err;
  }
  return (envelope) => {
    try {
      return matcher.match(envelope).length > 0;
    } catch (err) {
      if (err instanceof InvalidEventError) return false;
      throw err;
    }
  };
}
