/**
 * Everything the compiled matcher knows about one field path: for each leaf value found at the
 * path, which branches have their anchor condition satisfied. Only anchors live here; the rest
 * of a candidate branch is checked afterwards by branch-verify.
 */
import type { Leaf } from './leaf.js';
import { foldedText, leafIp } from './matcher-eval.js';
import type { Matcher } from './pattern-types.js';
import { AffixTrie, IntervalIndex, KeyedIds, type Entry, type Sink, type SinkOne } from './value-index.js';

/**
 * Whether looking `m` up in a PathIndex finds exactly the leaves `m` matches, so a branch found
 * through it need not test that condition again. Wildcards (found by their literal head or tail)
 * and anything-but (found by presence) only yield candidates.
 */
export function exactlyIndexed(m: Matcher): boolean {
  if (m.op === 'wildcard') return m.segments.length === 1;
  return m.op !== 'anything-but';
}

export class PathIndex {
  private readonly strings = new KeyedIds<string>();
  private readonly folded = new KeyedIds<string>();
  private readonly numbers = new KeyedIds<number>();
  /** Number literals beyond double range (`1e400`) can only match by their text. */
  private readonly numberTexts = new KeyedIds<string>();
  private readonly literals = new KeyedIds<string>();
  private readonly ips = new KeyedIds<string>();
  private readonly prefixes = new AffixTrie(false);
  private readonly suffixes = new AffixTrie(true);
  private readonly foldedPrefixes = new AffixTrie(false);
  private readonly foldedSuffixes = new AffixTrie(true);
  private readonly ranges = new IntervalIndex<number>();
  private readonly cidr4 = new IntervalIndex<string>();
  private readonly cidr6 = new IntervalIndex<string>();
  /** Entries anchored on the mere presence of a leaf (anything-but, exists, `*x*` wildcards). */
  private readonly present: number[] = [];

  /** Registers `m` as the anchor (or one of the anchor's alternatives) of `entry`'s branch. */
  add(m: Matcher, id: Entry): void {
    switch (m.op) {
      case 'exact':
        if (m.kind === 'string') {
          this.strings.add(m.value, id);
          if (m.ip !== undefined) this.ips.add(m.ip, id);
        } else if (m.kind === 'number') {
          if (Number.isFinite(m.value)) this.numbers.add(m.value, id);
          else this.numberTexts.add(m.text, id);
        } else this.literals.add(m.kind, id);
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
        return (m.low.length === 8 ? this.cidr4 : this.cidr6).add(m.low, true, m.high, true, id);
      default:
        this.present.push(...id);
    }
  }

  /** A wildcard is found through its literal head, else its literal tail, else by presence. */
  private addWildcard(segments: readonly string[], id: Entry): void {
    if (segments.length === 1) this.strings.add(segments[0], id);
    else if (segments[0] !== '') this.prefixes.add(segments[0], id);
    else if (segments[segments.length - 1] !== '') this.suffixes.add(segments[segments.length - 1], id);
    else this.present.push(...id);
  }

  seal(): void {
    this.ranges.seal();
    this.cidr4.seal();
    this.cidr6.seal();
  }

  /** Reports every branch whose anchor some leaf here may satisfy (a superset is fine). */
  collect(leaves: readonly Leaf[], sink: Sink, sinkOne: SinkOne): void {
    if (this.present.length > 0) sink(this.present);
    for (const leaf of leaves) {
      switch (leaf.kind) {
        case 'string':
          this.collectString(leaf, sink, sinkOne);
          break;
        case 'number':
          if (Number.isFinite(leaf.num)) this.numbers.collect(leaf.num, sink);
          if (this.numberTexts.size > 0) this.numberTexts.collect(leaf.text, sink);
          if (Number.isFinite(leaf.num) && this.ranges.size > 0) this.ranges.collect(leaf.num, sinkOne);
          break;
        default:
          this.literals.collect(leaf.kind, sink);
      }
    }
  }

  private collectString(leaf: Leaf, sink: Sink, sinkOne: SinkOne): void {
    const text = leaf.text;
    this.strings.collect(text, sink);
    if (this.prefixes.size > 0) this.prefixes.collect(text, sink);
    if (this.suffixes.size > 0) this.suffixes.collect(text, sink);
    if (this.folded.size + this.foldedPrefixes.size + this.foldedSuffixes.size > 0) {
      const folded = foldedText(leaf);
      this.folded.collect(folded, sink);
      if (this.foldedPrefixes.size > 0) this.foldedPrefixes.collect(folded, sink);
      if (this.foldedSuffixes.size > 0) this.foldedSuffixes.collect(folded, sink);
    }
    if (this.ips.size + this.cidr4.size + this.cidr6.size > 0) {
      const ip = leafIp(leaf);
      if (ip !== undefined) {
        this.ips.collect(ip, sink);
        (ip.length === 8 ? this.cidr4 : this.cidr6).collect(ip, sinkOne);
      }
    }
  }
}
