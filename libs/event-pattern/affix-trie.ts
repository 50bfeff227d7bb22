/**
 * Compressed (radix) trie of prefixes, or of suffixes when built `fromEnd`, answering "which
 * keys are prefixes (suffixes) of this text". It is built from linked nodes, then packed by
 * `seal()` into one typed array and an array of edge labels: a lookup then reads
 * contiguous memory instead of chasing a Map, an edge object and a label string per step,
 * which with thousands of keys were each a likely cache miss.
 */
import { NO_LIST, type Entry, type EntryPool, type Sink } from './entry-pool.js';

interface BuildNode {
  /** Outgoing edges keyed by the first character of their label (the last one `fromEnd`). */
  edges: Map<number, BuildEdge> | undefined;
  entries: number[] | undefined;
}

interface BuildEdge {
  label: string;
  node: BuildNode;
}

// The packed trie is one Int32Array of node records in depth-first order, each followed by its
// edges sorted by first character: [list, edge count, then per edge: char, child offset, label
// index, label length]. A step of a lookup reads one node and its edges, usually one cache line.
const NODE = 2;
const LIST = 0;
const EDGE_COUNT = 1;
const EDGE = 4;
const CHAR = 0;
const TO = 1;
const LABEL = 2;
const LABEL_LENGTH = 3;
/** Above this many edges a node's edge list is binary-searched rather than scanned. */
const SCAN_LIMIT = 8;

export class AffixTrie {
  private root: BuildNode | undefined = { edges: undefined, entries: undefined };
  private count = 0;
  /** The packed trie (see NODE); the root is at offset 0. */
  private data = Int32Array.of(NO_LIST, 0);
  /** Edge labels, compared natively with startsWith/endsWith when longer than one character. */
  private labels: string[] = [];

  constructor(private readonly fromEnd: boolean) {}

  get size(): number {
    return this.count;
  }

  add(key: string, [branch, path, value]: Entry): void {
    if (this.root === undefined) throw new Error('AffixTrie is sealed');
    let node = this.root;
    let rest = key;
    while (rest !== '') {
      const first = this.firstChar(rest);
      node.edges ??= new Map();
      const edge = node.edges.get(first);
      if (edge === undefined) {
        const leaf: BuildNode = { edges: undefined, entries: undefined };
        node.edges.set(first, { label: rest, node: leaf });
        node = leaf;
        break;
      }
      const common = this.commonLength(edge.label, rest);
      if (common < edge.label.length) {
        // Split the edge at the first difference.
        const mid: BuildNode = { edges: new Map(), entries: undefined };
        const tail = this.drop(edge.label, common);
        mid.edges?.set(this.firstChar(tail), { label: tail, node: edge.node });
        edge.label = this.take(edge.label, common);
        edge.node = mid;
      }
      node = edge.node;
      rest = this.drop(rest, common);
    }
    (node.entries ??= []).push(branch, path, value);
    this.count++;
  }

  /** Packs the trie, its entry lists going into `pool`; call once, after the last `add`. */
  seal(pool: EntryPool): void {
    if (this.root === undefined) return;
    const sorted = (node: BuildNode): BuildEdge[] =>
      [...(node.edges ?? [])].sort((a, b) => a[0] - b[0]).map(([, edge]) => edge);
    // Depth-first numbering keeps each lookup's nodes and edges close together.
    const order: BuildNode[] = [];
    const visit = (node: BuildNode): void => {
      order.push(node);
      for (const edge of sorted(node)) visit(edge.node);
    };
    visit(this.root);
    const offsets = new Map<BuildNode, number>();
    let size = 0;
    for (const node of order) {
      offsets.set(node, size);
      size += NODE + EDGE * (node.edges?.size ?? 0);
    }
    const data = new Int32Array(size);
    const labels: string[] = [];
    for (const node of order) {
      const at = offsets.get(node) as number;
      const edges = sorted(node);
      data[at + LIST] = node.entries === undefined ? NO_LIST : pool.add(node.entries);
      data[at + EDGE_COUNT] = edges.length;
      edges.forEach(({ label, node: to }, k) => {
        const edge = [this.firstChar(label), offsets.get(to) as number, labels.push(label) - 1, label.length];
        data.set(edge, at + NODE + EDGE * k);
      });
    }
    this.data = data;
    this.labels = labels;
    this.root = undefined;
  }

  /** Reports the entry lists of keys that are prefixes (`fromEnd`: suffixes) of `text`. */
  collect(text: string, sink: Sink): void {
    const n = text.length;
    const { data, labels } = this;
    let node = 0;
    let matched = 0;
    for (;;) {
      const list = data[node + LIST];
      if (list !== NO_LIST) sink(list);
      if (matched >= n) return;
      const e = this.findEdge(node, text.charCodeAt(this.fromEnd ? n - 1 - matched : matched));
      if (e < 0) return;
      // The first character is known to match; compare the rest of the label, if any.
      const length = data[e + LABEL_LENGTH];
      if (length > 1) {
        const label = labels[data[e + LABEL]];
        if (this.fromEnd ? !text.endsWith(label, n - matched) : !text.startsWith(label, matched)) return;
      }
      matched += length;
      node = data[e + TO];
    }
  }

  /** Offset of the edge of the node at `node` whose label starts with character `c`, or -1. */
  private findEdge(node: number, c: number): number {
    const data = this.data;
    const first = node + NODE;
    let lo = 0;
    let hi = data[node + EDGE_COUNT];
    while (hi - lo > SCAN_LIMIT) {
      const mid = (lo + hi) >>> 1;
      if (data[first + EDGE * mid + CHAR] < c) lo = mid + 1;
      else hi = mid + 1;
    }
    for (; lo < hi; lo++) if (data[first + EDGE * lo + CHAR] === c) return first + EDGE * lo;
    return -1;
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
