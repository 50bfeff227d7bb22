/**
 * Everything the compiled matcher knows about one field path: for each leaf value found at the
 * path, which branches have their anchor condition satisfied. Only anchors live here; the rest
 * of a candidate branch is checked afterwards by branch-verify.
 */
import { finiteNumber, type Leaf } from './leaf.js';
import { foldedText, leafIp } from './matcher-eval.js';
import type { Matcher } from './pattern-types.js';
import { AffixTrie } from './affix-trie.js';
import { NO_LIST, type Entry, type EntryPool, type ListOffset, type Sink } from './entry-pool.js';
import { IntervalIndex, KeyedLists } from './value-index.js';

/**
 * Whether looking `m` up in a PathIndex finds exactly the leaves `m` matches, so a branch found
 * through it need not test that condition again. Wildcards (found by their literal head or tail)
 * and anything-but (found by presence) only yield candidates.
 */
export function exactlyIndexed(m: Matcher): boolean {
  if (m.op === 'wildcard') return m.segments.length === 1;
  return m.op !== 'anything-but';
}

/** What `add` collects; `seal` turns it into PathIndex's lookup fields. */
class Building {
  readonly strings = new KeyedLists<string>();
  readonly folded = new KeyedLists<string>();
  readonly numbers = new KeyedLists<number>();
  readonly numberTexts = new KeyedLists<string>();
  readonly literals = new KeyedLists<string>();
  readonly ips = new KeyedLists<string>();
  readonly prefixes = new AffixTrie(false);
  readonly suffixes = new AffixTrie(true);
  readonly foldedPrefixes = new AffixTrie(false);
  readonly foldedSuffixes = new AffixTrie(true);
  readonly ranges = new IntervalIndex<number>();
  readonly cidr4 = new IntervalIndex<string>();
  readonly cidr6 = new IntervalIndex<string>();
  readonly present: number[] = [];
}

/**
 * Sealed, every structure that received nothing is `undefined`, so a lookup tests fields of this
 * one object instead of visiting (and missing the cache on) a dozen empty structures.
 */
export class PathIndex {
  private building: Building | undefined = new Building();
  private strings: Map<string, ListOffset> | undefined;
  private folded: Map<string, ListOffset> | undefined;
  private numbers: Map<number, ListOffset> | undefined;
  /** Number literals beyond double range (`1e400`) can only match by their text. */
  private numberTexts: Map<string, ListOffset> | undefined;
  private literals: Map<string, ListOffset> | undefined;
  private ips: Map<string, ListOffset> | undefined;
  private prefixes: AffixTrie | undefined;
  private suffixes: AffixTrie | undefined;
  private foldedPrefixes: AffixTrie | undefined;
  private foldedSuffixes: AffixTrie | undefined;
  private ranges: IntervalIndex<number> | undefined;
  private cidr4: IntervalIndex<string> | undefined;
  private cidr6: IntervalIndex<string> | undefined;
  /** Entries anchored on the mere presence of a leaf (anything-but, exists, `*x*` wildcards). */
  private present: ListOffset = NO_LIST;

  /** Registers `m` as the anchor (or one of the anchor's alternatives) of `entry`'s branch. */
  add(m: Matcher, id: Entry): void {
    const b = this.building;
    if (b === undefined) throw new Error('PathIndex is sealed');
    switch (m.op) {
      case 'exact':
        if (m.kind === 'string') {
          b.strings.add(m.value, id);
          if (m.ip !== undefined) b.ips.add(m.ip, id);
        } else if (m.kind === 'number') {
          if (Number.isFinite(m.value)) b.numbers.add(m.value, id);
          else b.numberTexts.add(m.text, id);
        } else b.literals.add(m.kind, id);
        return;
      case 'equals-ignore-case':
        return b.folded.add(m.folded, id);
      case 'prefix':
        return (m.ignoreCase ? b.foldedPrefixes : b.prefixes).add(m.value, id);
      case 'suffix':
        return (m.ignoreCase ? b.foldedSuffixes : b.suffixes).add(m.value, id);
      case 'wildcard':
        return addWildcard(b, m.segments, id);
      case 'numeric':
        return b.ranges.add(m.lower, m.lowerInclusive, m.upper, m.upperInclusive, id);
      case 'cidr':
        return (m.low.length === 8 ? b.cidr4 : b.cidr6).add(m.low, true, m.high, true, id);
      default:
        b.present.push(...id);
    }
  }

  /** Packs everything added into `pool`; call once, before the first `collect`. */
  seal(pool: EntryPool): void {
    const b = this.building;
    if (b === undefined) return;
    this.strings = b.strings.seal(pool);
    this.folded = b.folded.seal(pool);
    this.numbers = b.numbers.seal(pool);
    this.numberTexts = b.numberTexts.seal(pool);
    this.literals = b.literals.seal(pool);
    this.ips = b.ips.seal(pool);
    const trie = (t: AffixTrie): AffixTrie | undefined => (t.size > 0 ? (t.seal(pool), t) : undefined);
    this.prefixes = trie(b.prefixes);
    this.suffixes = trie(b.suffixes);
    this.foldedPrefixes = trie(b.foldedPrefixes);
    this.foldedSuffixes = trie(b.foldedSuffixes);
    const ranges = <T extends number | string>(r: IntervalIndex<T>): IntervalIndex<T> | undefined =>
      r.size > 0 ? (r.seal(pool), r) : undefined;
    this.ranges = ranges(b.ranges);
    this.cidr4 = ranges(b.cidr4);
    this.cidr6 = ranges(b.cidr6);
    if (b.present.length > 0) this.present = pool.add(b.present);
    this.building = undefined;
  }

  /** Reports every branch whose anchor some leaf here may satisfy (a superset is fine). */
  collect(leaves: readonly Leaf[], sink: Sink): void {
    if (this.present !== NO_LIST) sink(this.present);
    for (let i = 0; i < leaves.length; i++) {
      const leaf = leaves[i];
      switch (leaf.kind) {
        case 'string':
          this.collectString(leaf, sink);
          break;
        case 'number': {
          const n = finiteNumber(leaf);
          if (n !== undefined) report(this.numbers?.get(n), sink);
          if (this.numberTexts !== undefined) report(this.numberTexts.get(leaf.text), sink);
          if (n !== undefined) this.ranges?.collect(n, sink);
          break;
        }
        default:
          report(this.literals?.get(leaf.kind), sink);
      }
    }
  }

  private collectString(leaf: Leaf, sink: Sink): void {
    const text = leaf.text;
    if (this.strings !== undefined) report(this.strings.get(text), sink);
    this.prefixes?.collect(text, sink);
    this.suffixes?.collect(text, sink);
    if (this.folded !== undefined || this.foldedPrefixes !== undefined || this.foldedSuffixes !== undefined) {
      const folded = foldedText(leaf);
      if (this.folded !== undefined) report(this.folded.get(folded), sink);
      this.foldedPrefixes?.collect(folded, sink);
      this.foldedSuffixes?.collect(folded, sink);
    }
    if (this.ips !== undefined || this.cidr4 !== undefined || this.cidr6 !== undefined) {
      const ip = leafIp(leaf);
      if (ip !== undefined) {
        if (this.ips !== undefined) report(this.ips.get(ip), sink);
        (ip.length === 8 ? this.cidr4 : this.cidr6)?.collect(ip, sink);
      }
    }
  }
}

function report(at: ListOffset | undefined, sink: Sink): void {
  if (at !== undefined) sink(at);
}

/** A wildcard is found through its literal head, else its literal tail, else by presence. */
function addWildcard(b: Building, segments: readonly string[], id: Entry): void {
  if (segments.length === 1) b.strings.add(segments[0], id);
  else if (segments[0] !== '') b.prefixes.add(segments[0], id);
  else if (segments[segments.length - 1] !== '') b.suffixes.add(segments[segments.length - 1], id);
  else b.present.push(...id);
}
