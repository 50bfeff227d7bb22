/**
 * Whether one leaf value satisfies one matcher, with event-ruler's type rules: string operators
 * only see strings, numeric operators only JSON numbers, and `anything-but` excludes only values
 * of the listed kind (so `{"anything-but": "x"}` matches `null`, `5` and `true`).
 */
import { foldCase } from './case-fold.js';
import { ipToHex, looksLikeIp } from './ip-address.js';
import { matchWildcard } from './wildcard.js';
export function foldedText(leaf) {
    if (leaf.folded === undefined)
        leaf.folded = foldCase(leaf.text);
    return leaf.folded;
}
/** Canonical hex of a string leaf that is an IP literal; undefined otherwise. */
export function leafIp(leaf) {
    return leaf.kind === 'string' && looksLikeIp(leaf.text) ? ipToHex(leaf.text) : undefined;
}
/** `exists: false` never matches a present leaf; absence is handled by the caller. */
export function testMatcher(m, leaf) {
    switch (m.op) {
        case 'exact':
            if (m.kind === 'string') {
                return leaf.kind === 'string' && (leaf.text === m.value || (m.ip !== undefined && leafIp(leaf) === m.ip));
            }
            if (m.kind === 'number') {
                // Value equality makes `300` match `300.0`; text equality covers numbers beyond double range.
                return leaf.kind === 'number' && (leaf.text === m.text || (Number.isFinite(m.value) && leaf.num === m.value));
            }
            return leaf.kind === m.kind;
        case 'prefix':
            if (leaf.kind !== 'string')
                return false;
            return m.ignoreCase ? foldedText(leaf).startsWith(m.value) : leaf.text.startsWith(m.value);
        case 'suffix':
            if (leaf.kind !== 'string')
                return false;
            return m.ignoreCase ? foldedText(leaf).endsWith(m.value) : leaf.text.endsWith(m.value);
        case 'equals-ignore-case':
            return leaf.kind === 'string' && foldedText(leaf) === m.folded;
        case 'wildcard':
            return leaf.kind === 'string' && matchWildcard(m.segments, leaf.text);
        case 'anything-but':
            return !excludes(m, leaf);
        case 'numeric':
            if (leaf.kind !== 'number' || !Number.isFinite(leaf.num))
                return false;
            return ((m.lowerInclusive ? leaf.num >= m.lower : leaf.num > m.lower) &&
                (m.upperInclusive ? leaf.num <= m.upper : leaf.num < m.upper));
        case 'cidr': {
            const hex = leafIp(leaf);
            return hex !== undefined && hex.length === m.low.length && hex >= m.low && hex <= m.high;
        }
        case 'exists':
            return m.value;
    }
}
function excludes(m, leaf) {
    if (m.variant === 'values') {
        if (leaf.kind === 'string')
            return m.strings.has(leaf.text);
        return leaf.kind === 'number' && Number.isFinite(leaf.num) && m.numbers.includes(leaf.num);
    }
    if (leaf.kind !== 'string')
        return false;
    switch (m.variant) {
        case 'prefix':
            return m.values.some((v) => leaf.text.startsWith(v));
        case 'suffix':
            return m.values.some((v) => leaf.text.endsWith(v));
        case 'equals-ignore-case':
            return m.values.includes(foldedText(leaf));
        case 'wildcard':
            return m.segments.some((segments) => matchWildcard(segments, leaf.text));
    }
}
//# sourceMappingURL=matcher-eval.js.map