// Added to the share count so that, at equal counts, equality beats affixes beats ranges, and
// anything that only tests presence is used only when nothing better exists.
const EXACT = 0;
const AFFIX = 2;
const RANGE = 4;
const PRESENCE = 1000;
/** Key grouping matchers that land in the same index slot of a path. */
export function anchorKey(pathId, m) {
    return `${pathId}\u0000${slot(m)}`;
}
function slot(m) {
    switch (m.op) {
        case 'exact':
            if (m.kind === 'string')
                return `s${m.value}`;
            return m.kind === 'number' ? `n${Number.isFinite(m.value) ? m.value : m.text}` : `l${m.kind}`;
        case 'equals-ignore-case':
            return `f${m.folded}`;
        case 'prefix':
        case 'suffix':
            return m.value === '' ? 'present' : `${m.op}${m.ignoreCase ? 'I' : ''}${m.value}`;
        case 'wildcard': {
            const s = m.segments;
            if (s.length === 1)
                return `s${s[0]}`;
            if (s[0] !== '')
                return `prefix${s[0]}`;
            return s[s.length - 1] !== '' ? `suffix${s[s.length - 1]}` : 'present';
        }
        case 'numeric':
            return 'range';
        case 'cidr':
            return 'cidr';
        default:
            return 'present';
    }
}
/** Expected candidate cost of anchoring on `m`, given how many branches share its slot. */
export function anchorCost(m, shared) {
    const key = slot(m);
    if (key === 'present')
        return PRESENCE + shared;
    if (key === 'range' || key === 'cidr')
        return RANGE + shared / 2;
    if (m.op === 'exact' || m.op === 'equals-ignore-case' || key.startsWith('s'))
        return EXACT + shared;
    return AFFIX + shared;
}
//# sourceMappingURL=anchor-cost.js.map