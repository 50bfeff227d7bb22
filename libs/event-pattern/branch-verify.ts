/**
 * Decides whether one branch matches a flattened event. Conditions are visited in path order,
 * as event-ruler visits sorted keys: each positive condition picks a leaf consistent with the
 * leaves picked so far, and `exists: false` holds when no leaf at its path is consistent with
 * them. Without arrays of objects every leaf is consistent and a direct check suffices.
 */
import { consistent, mergeMembership, NO_MEMBERSHIP, type Leaf, type Membership } from './leaf.js';
import { compileTest, type LeafTest } from './matcher-eval.js';
import type { FieldCondition, Matcher } from './pattern-types.js';

/** A condition prepared for evaluation against leaves grouped by path id. */
export interface PreparedCondition {
  readonly path: string;
  readonly pathId: number;
  /** The matchers other than `exists: false`. */
  readonly positive: readonly Matcher[];
  /** Whether an `exists: false` alternative lets the condition hold when the path is absent. */
  readonly allowsAbsent: boolean;
  /** Whether a present leaf satisfies one of `positive`. */
  readonly test: LeafTest;
}

export function prepareCondition(condition: FieldCondition, pathId: number): PreparedCondition {
  const positive = condition.matchers.filter((m) => !(m.op === 'exists' && !m.value));
  const allowsAbsent = positive.length < condition.matchers.length;
  return { path: condition.path, pathId, positive, allowsAbsent, test: compileTest(positive) };
}

const EMPTY: readonly Leaf[] = [];

/** Rough relative cost of testing a matcher, used to order quick checks cheapest first. */
function matcherCost(m: Matcher): number {
  switch (m.op) {
    case 'exists':
      return 0;
    case 'exact':
      return 1;
    case 'numeric':
    case 'prefix':
    case 'suffix':
      return m.op === 'numeric' || !m.ignoreCase ? 2 : 3;
    case 'anything-but':
      return m.variant === 'values' ? 2 : 4;
    case 'wildcard':
      return 4;
    default:
      return 3;
  }
}

/** The conditions reordered cheapest first, leaving out `proven` ones (already known to hold). */
export function checkOrder(
  conditions: readonly PreparedCondition[],
  proven: ReadonlyArray<PreparedCondition | undefined> = [],
): PreparedCondition[] {
  const cost = (c: PreparedCondition): number => Math.max(0, ...c.positive.map(matcherCost));
  return conditions.filter((c) => !proven.includes(c)).sort((a, b) => cost(a) - cost(b));
}

/**
 * `leaves[pathId]` holds the event's leaves at that path (missing or empty when absent);
 * `memberPaths[pathId]` is 1 when some of them came from inside an array of objects.
 * `quick` lists the conditions to test directly (default: all), in the order to test them; it
 * may omit conditions the caller already proved. The path-ordered search below always uses all.
 */
export function verifyBranch(
  conditions: readonly PreparedCondition[],
  leaves: ReadonlyArray<readonly Leaf[] | undefined>,
  memberPaths: ArrayLike<number> | undefined,
  quick: readonly PreparedCondition[] = conditions,
): boolean {
  // Consistency can only fail between two leaves that both sit inside arrays of objects, so
  // with at most one such condition the plain per-condition check is already exact.
  let arrayBound = 0;
  if (memberPaths !== undefined)
    for (let i = 0; i < conditions.length; i++) arrayBound += memberPaths[conditions[i].pathId];
  for (let i = 0; i < quick.length; i++) {
    const c = quick[i];
    const at = leaves[c.pathId] ?? EMPTY;
    if (at.length === 0) {
      if (!c.allowsAbsent) return false;
    } else if (!anyMatches(c.test, at)) {
      // Under array consistency, exists:false may still hold if the present leaves are
      // inconsistent with the others chosen; otherwise this is a definite mismatch.
      if (!c.allowsAbsent || arrayBound <= 1) return false;
    }
  }
  return arrayBound <= 1 || consistentMatch(conditions, leaves);
}

/** Whether one choice of leaves, all from consistent array elements, satisfies every condition. */
export function consistentMatch(
  conditions: readonly PreparedCondition[],
  leaves: ReadonlyArray<readonly Leaf[] | undefined>,
): boolean {
  return new ConsistentSearch(conditions, leaves).from(0, NO_MEMBERSHIP);
}

export function anyMatches(test: LeafTest, leaves: readonly Leaf[]): boolean {
  for (let i = 0; i < leaves.length; i++) if (test(leaves[i])) return true;
  return false;
}

/**
 * Backtracking over leaf choices. Failures are memoised per (condition, membership so far), and
 * leaves with identical membership are tried once, so the work is bounded by the number of
 * distinct array-element combinations rather than by the product of leaf counts.
 */
class ConsistentSearch {
  private readonly failed = new Set<string>();

  constructor(
    private readonly conditions: readonly PreparedCondition[],
    private readonly leaves: ReadonlyArray<readonly Leaf[] | undefined>,
  ) {}

  from(index: number, mem: Membership): boolean {
    if (index === this.conditions.length) return true;
    const memo = `${index}|${mem.join(',')}`;
    if (this.failed.has(memo)) return false;
    const c = this.conditions[index];
    const at = this.leaves[c.pathId] ?? EMPTY;
    const tried = new Set<string>();
    let anyConsistent = false;
    for (const leaf of at) {
      if (!consistent(mem, leaf.mem)) continue;
      anyConsistent = true;
      const key = leaf.mem.join(',');
      if (tried.has(key) || !c.test(leaf)) continue;
      tried.add(key);
      if (this.from(index + 1, mergeMembership(mem, leaf.mem))) return true;
    }
    if (c.allowsAbsent && !anyConsistent && this.from(index + 1, mem)) return true;
    this.failed.add(memo);
    return false;
  }
}
