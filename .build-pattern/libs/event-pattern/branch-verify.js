/**
 * Decides whether one branch matches a flattened event. Conditions are visited in path order,
 * as event-ruler visits sorted keys: each positive condition picks a leaf consistent with the
 * leaves picked so far, and `exists: false` holds when no leaf at its path is consistent with
 * them. Without arrays of objects every leaf is consistent and a direct check suffices.
 */
import { consistent, mergeMembership, NO_MEMBERSHIP } from './leaf.js';
import { testMatcher } from './matcher-eval.js';
export function prepareCondition(condition, pathId) {
    const positive = condition.matchers.filter((m) => !(m.op === 'exists' && !m.value));
    return { path: condition.path, pathId, positive, allowsAbsent: positive.length < condition.matchers.length };
}
export function matchesAny(matchers, leaf) {
    for (let i = 0; i < matchers.length; i++)
        if (testMatcher(matchers[i], leaf))
            return true;
    return false;
}
const EMPTY = [];
/** `leaves[pathId]` holds the event's leaves at that path (missing or empty when absent). */
export function verifyBranch(conditions, leaves, hasMembership) {
    if (!hasMembership) {
        for (const c of conditions) {
            const at = leaves[c.pathId] ?? EMPTY;
            if (at.length === 0) {
                if (!c.allowsAbsent)
                    return false;
            }
            else if (!at.some((leaf) => matchesAny(c.positive, leaf))) {
                return false;
            }
        }
        return true;
    }
    return new ConsistentSearch(conditions, leaves).from(0, NO_MEMBERSHIP);
}
/**
 * Backtracking over leaf choices. Failures are memoised per (condition, membership so far), and
 * leaves with identical membership are tried once, so the work is bounded by the number of
 * distinct array-element combinations rather than by the product of leaf counts.
 */
class ConsistentSearch {
    constructor(conditions, leaves) {
        this.conditions = conditions;
        this.leaves = leaves;
        this.failed = new Set();
    }
    from(index, mem) {
        if (index === this.conditions.length)
            return true;
        const memo = `${index}|${mem.join(',')}`;
        if (this.failed.has(memo))
            return false;
        const c = this.conditions[index];
        const at = this.leaves[c.pathId] ?? EMPTY;
        const tried = new Set();
        let anyConsistent = false;
        for (const leaf of at) {
            if (!consistent(mem, leaf.mem))
                continue;
            anyConsistent = true;
            const key = leaf.mem.join(',');
            if (tried.has(key) || !matchesAny(c.positive, leaf))
                continue;
            tried.add(key);
            if (this.from(index + 1, mergeMembership(mem, leaf.mem)))
                return true;
        }
        if (c.allowsAbsent && !anyConsistent && this.from(index + 1, mem))
            return true;
        this.failed.add(memo);
        return false;
    }
}
//# sourceMappingURL=branch-verify.js.map