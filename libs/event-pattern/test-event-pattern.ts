/**
 * AWS TestEventPattern: validates the event (a JSON object carrying the envelope fields AWS
 * insists on), then the pattern, then matches with the same compiled matcher routing uses.
 */
import { InvalidEventError } from './errors.js';
import { MAX_EVENT_DEPTH } from './event-flattener.js';
import { JsonSyntaxError, parseJsonText } from './json-text.js';
import { parsePattern, stringify } from './pattern-parser.js';
import { compileRules } from './rule-compiler.js';

/** Envelope fields without which AWS answers "Parameter Event is not valid." */
export const REQUIRED_ENVELOPE_FIELDS = ['id', 'account', 'source', 'time', 'region', 'detail-type'] as const;

/**
 * Whether `pattern` matches `event`; objects are JSON.stringify'd first. Throws InvalidEventError
 * for an invalid event and InvalidEventPatternError for an invalid pattern, in that order.
 */
export function testEventPattern(pattern: string | object, event: string | object): boolean {
  const eventJson = typeof event === 'string' ? event : stringify(event);
  if (eventJson === undefined) throw new InvalidEventError('the event must be a JSON object');
  assertEnvelope(eventJson);
  const parsed = parsePattern(pattern);
  return compileRules([{ id: 'test', pattern: parsed }]).match(eventJson).length > 0;
}

function assertEnvelope(eventJson: string): void {
  let root;
  try {
    root = parseJsonText(eventJson, MAX_EVENT_DEPTH);
  } catch (err) {
    if (err instanceof JsonSyntaxError) throw new InvalidEventError(err.message);
    throw err;
  }
  if (root.type !== 'object') throw new InvalidEventError('the event must be a JSON object');
  const keys = new Set(root.entries.map(([key]) => key));
  const missing = REQUIRED_ENVELOPE_FIELDS.filter((field) => !keys.has(field));
  if (missing.length > 0) throw new InvalidEventError(`missing envelope field(s): ${missing.join(', ')}`);
}
