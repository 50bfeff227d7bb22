/**
 * Single-pass scanner from event JSON text to the leaves the rules can use. It checks the syntax
 * of the whole document (raw control characters inside strings excepted, see README.md) but only
 * materialises values under paths some rule names: everything else is skipped without
 * allocating. Keys are looked up segment by segment in a trie of rule paths (path-trie.ts).
 */
import { InvalidEventError } from './errors.js';
import { JsonSyntaxError, readJsonString } from './json-text.js';
import { skipLiteralOrNumber, skipWhitespace, StringScanner, unexpected } from './json-skip.js';
import { makeLeaf, NO_MEMBERSHIP, type Leaf, type Membership } from './leaf.js';
import { childForKey, lookup, type PathNode } from './path-trie.js';

export { buildPathTrie, type PathNode } from './path-trie.js';

/** PutEvents processes nested JSON up to 1,000 levels deep; deeper events are rejected. */
export const MAX_EVENT_DEPTH = 1000;

/**
 * The bucket of every path without leaves. Never written to: the first leaf of a path replaces
 * it with a one-element array, so an event allocates no empty buckets and no spare capacity.
 */
const NO_LEAVES: Leaf[] = [];

/** The leaves of one event, grouped by path id. Reused between events: read before the next call. */
export interface FlatEvent {
  readonly leaves: ReadonlyArray<readonly Leaf[]>;
  /** Path ids that received at least one leaf. */
  readonly touched: readonly number[];
  /** Whether any leaf came from inside an array of objects (array consistency then matters). */
  readonly hasMembership: boolean;
  /** Per path id: 1 when some leaf at that path came from inside an array of objects. */
  readonly memberPaths: Uint8Array;
}

export class EventFlattener implements FlatEvent {
  readonly leaves: Leaf[][];
  readonly touched: number[] = [];
  hasMembership = false;
  readonly memberPaths: Uint8Array;
  private text = '';
  private arrays = 0;
  private readonly strings = new StringScanner();

  constructor(
    private readonly root: PathNode,
    pathCount: number,
  ) {
    this.leaves = Array.from({ length: pathCount }, () => NO_LEAVES);
    this.memberPaths = new Uint8Array(pathCount);
  }

  /** Scans `text`; throws InvalidEventError unless it is one well-formed JSON object. */
  flatten(text: string): FlatEvent {
    // Untyped callers: anything but text is not a JSON event.
    if (typeof text !== 'string') throw new InvalidEventError('the event must be JSON text');
    // Dropping the old buckets is cheaper than truncating them (a runtime call per array).
    for (const id of this.touched) {
      this.leaves[id] = NO_LEAVES;
      this.memberPaths[id] = 0;
    }
    this.touched.length = 0;
    this.hasMembership = false;
    this.arrays = 0;
    this.text = text;
    this.strings.reset(text);
    try {
      let i = skipWhitespace(text, 0);
      if (text.charCodeAt(i) !== 123) throw new InvalidEventError('the event must be a JSON object');
      i = skipWhitespace(text, this.object(this.root, NO_MEMBERSHIP, i, 1));
      if (i < text.length) unexpected(text, i, 'expected end of input');
    } catch (err) {
      if (err instanceof JsonSyntaxError)
        throw new InvalidEventError(`${err.message} at position ${err.position}`);
      throw err;
    }
    return this;
  }

  /** Reads the string opening at `open`; returns the offset after it, the value in `lastString`. */
  private readString(open: number): number {
    const close = this.strings.plainEnd(open);
    if (close >= 0) {
      this.lastString = this.text.slice(open + 1, close);
      return close + 1;
    }
    const [value, end] = readJsonString(this.text, open);
    this.lastString = value;
    return end;
  }

  private lastString = '';

  /** At the `{` at `i` of an object some rule path goes through; returns the offset after it. */
  private object(node: PathNode, mem: Membership, i: number, depth: number): number {
    if (depth > MAX_EVENT_DEPTH)
      throw new JsonSyntaxError(`the event nests deeper than ${MAX_EVENT_DEPTH} levels`, i);
    const text = this.text;
    i = skipWhitespace(text, i + 1);
    if (text.charCodeAt(i) === 125) return i + 1;
    for (;;) {
      if (text.charCodeAt(i) !== 34) unexpected(text, i, 'was expecting double-quote to start field name');
      const found = childForKey(node, text, i);
      let child: PathNode | undefined;
      const close = found === undefined ? this.strings.plainEnd(i) : -1;
      if (found) {
        child = found;
        i += found.segment.length + 2;
      } else if (close >= 0) {
        i = close + 1; // a plain key no rule path uses
      } else {
        // Escaped or dotted key: decode it and walk its segments.
        i = this.readString(i);
        child = lookup(node, this.lastString);
      }
      if (text.charCodeAt(i) !== 58) {
        i = skipWhitespace(text, i);
        if (text.charCodeAt(i) !== 58)
          unexpected(text, i, 'was expecting a colon to separate field name and value');
      }
      i = skipWhitespace(text, i + 1);
      i =
        child === undefined
          ? this.strings.skipValue(i, depth, MAX_EVENT_DEPTH)
          : this.value(child, mem, i, depth);
      let c = text.charCodeAt(i);
      if (c <= 32) c = text.charCodeAt((i = skipWhitespace(text, i)));
      if (c === 125) return i + 1;
      if (c !== 44) unexpected(text, i, 'was expecting comma to separate Object entries');
      i = skipWhitespace(text, i + 1);
    }
  }

  private array(node: PathNode, mem: Membership, i: number, depth: number): number {
    if (depth > MAX_EVENT_DEPTH)
      throw new JsonSyntaxError(`the event nests deeper than ${MAX_EVENT_DEPTH} levels`, i);
    const text = this.text;
    const id = this.arrays++;
    i = skipWhitespace(text, i + 1);
    if (text.charCodeAt(i) === 93) return i + 1;
    for (let index = 0; ; index++) {
      const c = text.charCodeAt(i);
      // Only elements that are objects or arrays record membership, as in event-ruler.
      const nested = c === 91 || (c === 123 && node.children.size > 0);
      i = this.value(node, nested ? [...mem, id, index] : mem, i, depth);
      let next = text.charCodeAt(i);
      if (next <= 32) next = text.charCodeAt((i = skipWhitespace(text, i)));
      if (next === 93) return i + 1;
      if (next !== 44) unexpected(text, i, 'was expecting comma to separate Array entries');
      i = skipWhitespace(text, i + 1);
    }
  }

  /** A value at a node of the path trie. */
  private value(node: PathNode, mem: Membership, i: number, depth: number): number {
    const text = this.text;
    const c = text.charCodeAt(i);
    if (c === 123) {
      return node.children.size > 0
        ? this.object(node, mem, i, depth + 1)
        : this.strings.skipValue(i, depth, MAX_EVENT_DEPTH);
    }
    if (c === 91) return this.array(node, mem, i, depth + 1);
    if (node.pathId < 0) return c === 34 ? this.strings.skip(i) : skipLiteralOrNumber(text, i, c);
    let end: number;
    let leaf: Leaf;
    if (c === 34) {
      end = this.readString(i);
      leaf = makeLeaf('string', this.lastString, mem);
    } else {
      end = skipLiteralOrNumber(text, i, c);
      leaf = makeLeaf(
        c === 116 ? 'true' : c === 102 ? 'false' : c === 110 ? 'null' : 'number',
        text.slice(i, end),
        mem,
      );
    }
    const bucket = this.leaves[node.pathId];
    if (bucket.length === 0) {
      this.leaves[node.pathId] = [leaf];
      this.touched.push(node.pathId);
    } else bucket.push(leaf);
    if (mem.length > 0) {
      this.hasMembership = true;
      this.memberPaths[node.pathId] = 1;
    }
    return end;
  }
}
