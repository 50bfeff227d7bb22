/**
 * Lookup structures that map one event value to the branches "anchored" on it, so a lookup
 * costs about the same for ten rules as for ten thousand: hash maps for equality, character
 * tries for prefixes and suffixes, and a sorted interval list for numeric and CIDR ranges.
 *
 * What they store and report are anchor entries: flat triples `[branch id, secondary path id,
 * secondary value id]` (see secondary-filter.ts), kept side by side so that rejecting a candidate
 * reads only memory the lookup has just touched.
 */

/** An anchor entry, as stored. */
export type Entry = readonly [branch: number, path: number, value: number];

/** Receives a flat list of entry triples; the compiler filters and dedupes them. */
export type Sink = (entries: readonly number[]) => void;
/** Receives one entry. */
export type SinkOne = (branch: number, path: number, value: number) => void;

export class KeyedIds<K> {
  private readonly map = new Map<K, number[]>();

  add(key: K, [branch, path, value]: Entry): void {
    const entries = this.map.get(key);
    if (entries === undefined) this.map.set(key, [branch, path, value]);
    else entries.push(branch, path, value);
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
  /** Outgoing edges keyed by the first character of their label. */
  edges: Map<number, TrieEdge> | undefined;
  ids: number[] | undefined;
}

interface TrieEdge {
  label: string;
  node: TrieNode;
}

/**
 * Compressed (radix) trie of prefixes, or of suffixes when built `fromEnd`. Each edge carries a
 * whole label compared with one native `startsWith`/`endsWith`, so a lookup costs one step per
 * branching point rather than one per character.
 */
export class AffixTrie {
  private readonly root: TrieNode = { edges: undefined, ids: undefined };
  private count = 0;

  constructor(private readonly fromEnd: boolean) {}

  get size(): number {
    return this.count;
  }

  add(key: string, [branch, path, value]: Entry): void {
    let node = this.root;
    let rest = key;
    while (rest !== '') {
      const first = this.firstChar(rest);
      node.edges ??= new Map();
      const edge = node.edges.get(first);
      if (edge === undefined) {
        const leaf: TrieNode = { edges: undefined, ids: undefined };
        node.edges.set(first, { label: rest, node: leaf });
        node = leaf;
        break;
      }
      const common = this.commonLength(edge.label, rest);
      if (common < edge.label.length) {
        // Split the edge at the first difference.
        const mid: TrieNode = { edges: new Map(), ids: undefined };
        const tail = this.drop(edge.label, common);
        mid.edges?.set(this.firstChar(tail), { label: tail, node: edge.node });
        edge.label = this.take(edge.label, common);
        edge.node = mid;
      }
      node = edge.node;
      rest = this.drop(rest, common);
    }
    (node.ids ??= []).push(branch, path, value);
    this.count++;
  }

  /** Keys that are prefixes (or, built `fromEnd`, suffixes) of `text`, including the empty key. */
  collect(text: string, sink: Sink): void {
    let node: TrieNode = this.root;
    let matched = 0;
    for (;;) {
      if (node.ids !== undefined) sink(node.ids);
      if (node.edges === undefined || matched >= text.length) return;
      const at = this.fromEnd ? text.length - 1 - matched : matched;
      const edge = node.edges.get(text.charCodeAt(at));
      if (edge === undefined) return;
      const fits = this.fromEnd
        ? text.endsWith(edge.label, text.length - matched)
        : text.startsWith(edge.label, matched);
      if (!fits) return;
      matched += edge.label.length;
      node = edge.node;
    }
  }

  private firstChar(s: string): number {
    return s.charCodeAt(this.fromEnd ? s.length - 1 : 0);
  }

  /** Length of the common prefix (or suffix) of a and b. */
  private commonLength(a: string, b: string): number {
    const n = Math.min(a.length, b.length);
    let k = 0;
    if (this.fromEnd) while (k < n && a.charCodeAt(a.length - 1 - k) === b.charCodeAt(b.length - 1 - k)) k++;
    else while (k < n && a.charCodeAt(k) === b.charCodeAt(k)) k++;
    return k;
  }

  private take(s: string, n: number): string {
    return this.fromEnd ? s.slice(s.length - n) : s.slice(0, n);
  }

  private drop(s: string, n: number): string {
    return this.fromEnd ? s.slice(0, s.length - n) : s.slice(n);
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

  get size(): number {
    return this.pending.length + this.sorted.length;
  }

  add(low: T, lowInclusive: boolean, high: T, highInclusive: boolean, entry: Entry): void {
    this.pending.push({ low, lowInclusive, high, highInclusive, entry });
  }

  /** Sorts what was added; call once before the first query. */
  seal(): void {
    this.sorted = [...this.sorted, ...this.pending].sort((a, b) =>
      a.low < b.low ? -1 : a.low > b.low ? 1 : 0,
    );
    this.pending = [];
    this.reach = [];
    this.sorted.forEach((iv, i) =>
      this.reach.push(i === 0 || iv.high > this.reach[i - 1] ? iv.high : this.reach[i - 1]),
    );
  }

  collect(value: T, sink: SinkOne): void {
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
        sink(iv.entry[0], iv.entry[1], iv.entry[2]);
      }
    }
  }
}
