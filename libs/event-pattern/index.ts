/**
 * EventBridge event patterns for Hookbridge: parsing and validation with AWS's rules and
 * messages, a compiled multi-rule matcher for routing, TestEventPattern, and match explanations.
 * Pure TypeScript, no I/O. See README.md for semantics, limits and known differences from AWS.
 */
export { InvalidEventError, InvalidEventPatternError } from './errors.js';
export { explainMatch, type MatchExplanation } from './explain.js';
export { MAX_EVENT_DEPTH } from './event-flattener.js';
export {
  MAX_PATTERN_BRANCHES,
  MAX_PATTERN_DEPTH,
  MAX_PATTERN_LENGTH,
  parsePattern,
} from './pattern-parser.js';
export type { EventPattern, FieldCondition, Matcher, PatternBranch } from './pattern-types.js';
export { referenceMatch } from './reference-matcher.js';
export { compileRules, type RuleMatcher } from './rule-compiler.js';
export { REQUIRED_ENVELOPE_FIELDS, testEventPattern } from './test-event-pattern.js';
export { MAX_WILDCARD_COMPLEXITY } from './wildcard.js';
