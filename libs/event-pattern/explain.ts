/**
 * explainMatch: why a pattern does or does not match an event. For a pattern with `$or`, the
 * branch that got furthest is explained. The first failing condition (in path order, which is
 * also the evaluation order) is reported with its path, operator and a human-readable reason.
 */
import { anyMatches, prepareCondition, verifyBranch, type PreparedCondition } from './branch-verify.js';
import { buildPathTrie, EventFlattener, type FlatEvent } from './event-flattener.js';
import type { Leaf } from './leaf.js';
import { operatorName, type EventPattern, type Matcher } from './pattern-types.js';

export type MatchExplanation =
  | { readonly matched: true }
  | { readonly matched: false; readonly path: string; readonly operator: string; readonly reason: string };

interface Failure {
  /** How many of the branch's conditions hold on their own: the "furthest" branch is explained. */
  readonly satisfied: number;
  readonly explanation: MatchExplanation & { matched: false };
}

/** Explains the match of `pattern` against `eventJson`; throws InvalidEventError for bad JSON. */
export function explainMatch(pattern: EventPattern, eventJson: string): MatchExplanation {
  const paths = [...new Set(pattern.branches.flatMap((b) => b.conditions.map((c) => c.path)))];
  const flat = new EventFlattener(buildPathTrie(paths), paths.length).flatten(eventJson);
  let best: Failure | undefined;
  for (const branch of pattern.branches) {
    const conditions = branch.conditions.map((c) => prepareCondition(c, paths.indexOf(c.path)));
    const failure = firstFailure(conditions, flat);
    if (failure === undefined) return { matched: true };
    if (best === undefined || failure.satisfied > best.satisfied) best = failure;
  }
  // A parsed pattern always has at least one branch with at least one condition.
  return (best as Failure).explanation;
}

function holdsAlone(c: PreparedCondition, leaves: readonly Leaf[]): boolean {
  return leaves.length === 0 ? c.allowsAbsent : anyMatches(c.test, leaves) || c.allowsAbsent;
}

function firstFailure(conditions: readonly PreparedCondition[], flat: FlatEvent): Failure | undefined {
  const satisfied = conditions.filter((c) => holdsAlone(c, flat.leaves[c.pathId])).length;
  for (let i = 0; i < conditions.length; i++) {
    const c = conditions[i];
    const leaves = flat.leaves[c.pathId];
    const operator = describeOperators(c);
    const fail = (reason: string): Failure => ({
      satisfied,
      explanation: { matched: false, path: c.path, operator, reason },
    });
    if (leaves.length === 0) {
      if (c.allowsAbsent) continue;
      return fail(
        `field "${c.path}" is missing or is not a leaf value, so ${describeMatchers(c.positive)} cannot match`,
      );
    }
    // Under arrays of objects, exists:false may still hold through array consistency below.
    const absentMayHold = c.allowsAbsent && flat.hasMembership;
    if (!absentMayHold && !anyMatches(c.test, leaves)) {
      const shown = leaves.slice(0, 3).map(describeLeaf).join(', ') + (leaves.length > 3 ? ', …' : '');
      const expected = describeMatchers(c.positive);
      const absent = c.allowsAbsent ? ' (and the field is present, so exists:false does not hold)' : '';
      return fail(`value ${shown} does not match ${expected}${absent}`);
    }
    // Each condition holds on its own; check array consistency for the branch so far.
    if (flat.hasMembership && !verifyBranch(conditions.slice(0, i + 1), flat.leaves, flat.memberPaths)) {
      return fail(
        `"${c.path}" only matches in a different element of an array than the fields before it; ` +
          'all fields of one pattern must come from the same array element',
      );
    }
  }
  return undefined;
}

function describeOperators(c: PreparedCondition): string {
  const names = c.positive.map(operatorName);
  if (c.allowsAbsent) names.push('exists');
  return [...new Set(names)].join('|');
}

function describeLeaf(leaf: Leaf): string {
  return leaf.kind === 'string' ? JSON.stringify(leaf.text) : leaf.text;
}

function describeMatchers(matchers: readonly Matcher[]): string {
  if (matchers.length === 0) return 'exists:false';
  return matchers.map(describeMatcher).join(' or ');
}

function describeMatcher(m: Matcher): string {
  switch (m.op) {
    case 'exact':
      if (m.kind === 'string') return JSON.stringify(m.value);
      return m.kind === 'number' ? m.text : m.kind;
    case 'prefix':
    case 'suffix':
    case 'equals-ignore-case':
    case 'wildcard':
      return `${operatorName(m)} ${JSON.stringify(m.value)}`;
    case 'anything-but':
      return m.variant === 'values'
        ? `anything-but ${JSON.stringify([...m.strings, ...m.numbers])}`
        : `${operatorName(m)} ${JSON.stringify(m.values)}`;
    case 'numeric': {
      if (m.lower === m.upper) return `numeric = ${m.lower}`;
      const low = m.lower === -Infinity ? '' : `${m.lowerInclusive ? '>=' : '>'} ${m.lower}`;
      const high = m.upper === Infinity ? '' : `${m.upperInclusive ? '<=' : '<'} ${m.upper}`;
      return `numeric ${[low, high].filter(Boolean).join(' and ')}`;
    }
    case 'cidr':
      return `cidr ${m.value}`;
    case 'exists':
      return `exists:${m.value}`;
  }
}
