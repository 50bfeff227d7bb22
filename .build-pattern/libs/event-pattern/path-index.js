import { foldedText, leafIp } from './matcher-eval.js';
import { AffixTrie, IntervalIndex, KeyedIds } from './value-index.js';
export class PathIndex {
    constructor() {
        this.strings = new KeyedIds();
        this.folded = new KeyedIds();
        this.numbers = new KeyedIds();
        /** Number literals beyond double range (`1e400`) can only match by their text. */
        this.numberTexts = new KeyedIds();
        this.literals = new KeyedIds();
        this.ips = new KeyedIds();
        this.prefixes = new AffixTrie(false);
        this.suffixes = new AffixTrie(true);
        this.foldedPrefixes = new AffixTrie(false);
        this.foldedSuffixes = new AffixTrie(true);
        this.ranges = new IntervalIndex();
        this.cidrs = new IntervalIndex();
        /** Branches anchored on the mere presence of a leaf (anything-but, exists, `*x*` wildcards). */
        this.present = [];
    }
    /** Registers `m` as the anchor (or one of the anchor's alternatives) of branch `id`. */
    add(m, id) {
        switch (m.op) {
            case 'exact':
                if (m.kind === 'string') {
                    this.strings.add(m.value, id);
                    if (m.ip !== undefined)
                        this.ips.add(m.ip, id);
                }
                else if (m.kind === 'number') {
                    if (Number.isFinite(m.value))
                        this.numbers.add(m.value, id);
                    else
                        this.numberTexts.add(m.text, id);
                }
                else
                    this.literals.add(m.kind, id);
                return;
            case 'equals-ignore-case':
                return this.folded.add(m.folded, id);
            case 'prefix':
                return (m.ignoreCase ? this.foldedPrefixes : this.prefixes).add(m.value, id);
            case 'suffix':
                return (m.ignoreCase ? this.foldedSuffixes : this.suffixes).add(m.value, id);
            case 'wildcard':
                return this.addWildcard(m.segments, id);
            case 'numeric':
                return this.ranges.add(m.lower, m.lowerInclusive, m.upper, m.upperInclusive, id);
            case 'cidr':
                return this.cidrs.add(m.low, true, m.high, true, id);
            default:
                this.present.push(id);
        }
    }
    /** A wildcard is found through its literal head, else its literal tail, else by presence. */
    addWildcard(segments, id) {
        if (segments.length === 1)
            this.strings.add(segments[0], id);
        else if (segments[0] !== '')
            this.prefixes.add(segments[0], id);
        else if (segments[segments.length - 1] !== '')
            this.suffixes.add(segments[segments.length - 1], id);
        else
            this.present.push(id);
    }
    seal() {
        this.ranges.seal();
        this.cidrs.seal();
    }
    /** Reports every branch whose anchor some leaf here may satisfy (a superset is fine). */
    collect(leaves, sink, sinkOne) {
        if (this.present.length > 0)
            sink(this.present);
        for (const leaf of leaves) {
            switch (leaf.kind) {
                case 'string':
                    this.collectString(leaf, sink, sinkOne);
                    break;
                case 'number':
                    if (Number.isFinite(leaf.num))
                        this.numbers.collect(leaf.num, sink);
                    if (this.numberTexts.size > 0)
                        this.numberTexts.collect(leaf.text, sink);
                    if (Number.isFinite(leaf.num) && this.ranges.size > 0)
                        this.ranges.collect(leaf.num, sinkOne);
                    break;
                default:
                    this.literals.collect(leaf.kind, sink);
            }
        }
    }
    collectString(leaf, sink, sinkOne) {
        const text = leaf.text;
        this.strings.collect(text, sink);
        if (this.prefixes.size > 0)
            this.prefixes.collect(text, sink);
        if (this.suffixes.size > 0)
            this.suffixes.collect(text, sink);
        if (this.folded.size + this.foldedPrefixes.size + this.foldedSuffixes.size > 0) {
            const folded = foldedText(leaf);
            this.folded.collect(folded, sink);
            if (this.foldedPrefixes.size > 0)
                this.foldedPrefixes.collect(folded, sink);
            if (this.foldedSuffixes.size > 0)
                this.foldedSuffixes.collect(folded, sink);
        }
        if (this.ips.size + this.cidrs.size > 0) {
            const ip = leafIp(leaf);
            if (ip !== undefined) {
                this.ips.collect(ip, sink);
                if (this.cidrs.size > 0)
                    this.cidrs.collect(ip, sinkOne);
            }
        }
    }
}
//# sourceMappingURL=path-index.js.map