/**
 * Lookup structures that map one event value to the branch ids "anchored" on it, so a lookup
 * costs about the same for ten rules as for ten thousand: hash maps for equality, character
 * tries for prefixes and suffixes, and a sorted interval list for numeric and CIDR ranges.
 */

/** Collects branch ids; the compiler dedupes with a per-event stamp. */
export type Sink = (ids: readonly number[]) => void;

export class KeyedIds<K> {
  private readonly map = new Map<K, number[]>();

  add(key: K, id: number): void {
    const ids = this.map.get(key);
    if (ids === undefined) this.map.set(key, [id]);
    else ids.push(id);
  }

  get size(): number {
    return this.map.size;
  }

  collect(key: K, sink: Sink): void {
    const ids = this.map.get(key);
    if (ids !== undefined) sink(ids);
  }
}

interface TrieNode {
  next: Map<number, TrieNode> | undefined;
  ids: number[] | undefined;
}

/** Character trie; `collectPrefixesOf(text)` finds every stored key that is a prefix of `text`. */
export class AffixTrie {
  private readonly root: TrieNode = { next: undefined, ids: undefined };
  private count = 0;

  constructor(private readonly fromEnd: boolean) {}

  get size(): number {
    return this.count;
  }

  add(key: string, id: number): void {
    let node = this.root;
    for (let k = 0; k < key.length; k++) {
      const c = key.charCodeAt(this.fromEnd ? key.length - 1 - k : k);
      node.next ??= new Map();
      let child = node.next.get(c);
      if (child === undefined) node.next.set(c, (child = { next: undefined, ids: undefined }));
      node = child;
    }
    (node.ids ??= []).push(id);
    this.count++;
  }

  /** Keys that are prefixes (or, built `fromEnd`, suffixes) of `text`, including the empty key. */
  collect(text: string, sink: Sink): void {
    let node: TrieNode | undefined = this.root;
    const last = text.length - 1;
    for (let k = 0; node !== undefined; k++) {
      if (node.ids !== undefined) sink(node.ids);
      if (k > last || node.next === undefined) return;
      node = node.next.get(text.charCodeAt(this.fromEnd ? last - k : k));
    }
  }
}

interface Interval<T> {
  readonly low: T;
  readonly lowInclusive: boolean;
  readonly high: T;
  readonly highInclusive: boolean;
  readonly id: number;
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

  get size(): number {
    return this.pending.length + this.sorted.length;
  }

  add(low: T, lowInclusive: boolean, high: T, highInclusive: boolean, id: number): void {
    this.pending.push({ low, lowInclusive, high, highInclusive, id });
  }

  /** Sorts what was added; call once before the first query. */
  seal(): void {
    this.sorted = [...this.sorted, ...this.pending].sort((a, b) => (a.low < b.low ? -1 : a.low > b.low ? 1 : 0));
    this.pending = [];
    this.reach = [];
    this.sorted.forEach((iv, i) => this.reach.push(i === 0 || iv.high > this.reach[i - 1] ? iv.high : this.reach[i - 1]));
  }

  collect(value: T, sink: (id: number) => void): void {
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
        sink(iv.id);
      }
    }
  }
}
