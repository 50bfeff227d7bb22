/**
 * Lookup structures that map one event value to the branches "anchored" on it, so a lookup
 * costs about the same for ten rules as for ten thousand: hash maps for equality, character
 * tries for prefixes and suffixes (affix-trie.ts), and a sorted interval list for numeric and
 * CIDR ranges.
 *
 * What they store and report are lists of anchor entries: flat triples `[branch id, secondary
 * path id, secondary value id]` (see secondary-filter.ts), kept side by side in one pool
 * (entry-pool.ts) so that rejecting a candidate reads only memory the lookup has just touched.
 * Each structure is filled with `add`, then `seal`ed once before the first lookup.
 */
import type { Entry, EntryPool, ListOffset, Sink } from './entry-pool.js';

/**
 * Entry lists under exact keys, while the matcher is built. Sealed, they become a plain `Map`
 * from key to list offset: V8 hashes a string once and keeps the hash in it, so looking one leaf
 * up in several maps (an index, the secondary filter) hashes it once; a hand-written table
 * hashing in JavaScript was slower for the small maps of small buses and no faster for large ones.
 */
export class KeyedLists<K> {
  private readonly lists = new Map<K, number[]>();

  add(key: K, [branch, path, value]: Entry): void {
    const entries = this.lists.get(key);
    if (entries === undefined) this.lists.set(key, [branch, path, value]);
    else entries.push(branch, path, value);
  }

  /** Moves every list into `pool`; undefined when nothing was added (nothing to look up). */
  seal(pool: EntryPool): Map<K, ListOffset> | undefined {
    if (this.lists.size === 0) return undefined;
    return new Map([...this.lists].map(([key, entries]) => [key, pool.add(entries)]));
  }
}

interface Interval<T> {
  readonly low: T;
  readonly lowInclusive: boolean;
  readonly high: T;
  readonly highInclusive: boolean;
  readonly entry: Entry;
}

/**
 * Intervals sorted by lower bound with a running maximum of upper bounds: a query binary-searches
 * the last interval starting at or below the value and walks back only while some earlier
 * interval can still reach it. Works for numbers and for equal-width hex address strings.
 */
export class IntervalIndex<T extends number | string> {
  private pending: Array<Interval<T>> = [];
  private sorted: Array<Interval<T>> = [];
  private reach: T[] = [];
  /** Per sorted interval: the offset of its one-entry list in the pool. */
  private lists = new Int32Array(0);

  get size(): number {
    return this.pending.length + this.sorted.length;
  }

  add(low: T, lowInclusive: boolean, high: T, highInclusive: boolean, entry: Entry): void {
    this.pending.push({ low, lowInclusive, high, highInclusive, entry });
  }

  /** Sorts what was added; call once, before the first query. */
  seal(pool: EntryPool): void {
    this.sorted = [...this.sorted, ...this.pending].sort((a, b) =>
      a.low < b.low ? -1 : a.low > b.low ? 1 : 0,
    );
    this.pending = [];
    this.reach = [];
    this.sorted.forEach((iv, i) =>
      this.reach.push(i === 0 || iv.high > this.reach[i - 1] ? iv.high : this.reach[i - 1]),
    );
    this.lists = Int32Array.from(this.sorted, (iv) => pool.add(iv.entry));
  }

  collect(value: T, sink: Sink): void {
    const sorted = this.sorted;
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid].low <= value) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo - 1; i >= 0 && this.reach[i] >= value; i--) {
      const iv = sorted[i];
      if (
        (iv.lowInclusive ? iv.low <= value : iv.low < value) &&
        (iv.highInclusive ? value <= iv.high : value < iv.high)
      ) {
        sink(this.lists[i]);
      }
    }
  }
}
