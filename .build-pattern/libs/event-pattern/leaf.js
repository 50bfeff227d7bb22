/**
 * Events are matched as event-ruler sees them: a list of leaf values, each under a dotted path
 * (array elements are "crushed" into their parent's path). A leaf also remembers which element
 * of which enclosing array of objects it came from, so that one branch never combines fields
 * taken from different elements of the same array (event-ruler's "array consistency").
 */
export const NO_MEMBERSHIP = [];
export function makeLeaf(kind, text, mem) {
    return { kind, text, num: kind === 'number' ? Number(text) : NaN, mem, folded: undefined };
}
/** Whether two leaves can belong to one match: no shared array with different element indexes. */
export function consistent(a, b) {
    let i = 0;
    let j = 0;
    while (i < a.length && j < b.length) {
        if (a[i] === b[j]) {
            if (a[i + 1] !== b[j + 1])
                return false;
            i += 2;
            j += 2;
        }
        else if (a[i] < b[j])
            i += 2;
        else
            j += 2;
    }
    return true;
}
/** Union of two consistent memberships, still sorted by array id. */
export function mergeMembership(a, b) {
    if (b.length === 0)
        return a;
    if (a.length === 0)
        return b;
    const out = [];
    let i = 0;
    let j = 0;
    while (i < a.length || j < b.length) {
        if (j >= b.length || (i < a.length && a[i] < b[j])) {
            out.push(a[i], a[i + 1]);
            i += 2;
        }
        else {
            if (i < a.length && a[i] === b[j])
                i += 2;
            out.push(b[j], b[j + 1]);
            j += 2;
        }
    }
    return out;
}
//# sourceMappingURL=leaf.js.map