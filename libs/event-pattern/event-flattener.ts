/**
 * Single-pass scanner from event JSON text to the leaves the rules can use. It validates the
 * whole document but only materialises values under paths some rule names: everything else is
 * skipped without allocating. Keys are looked up segment by segment in a trie of rule paths, so
 * an event key `"a.b"` reaches the same leaves as `{"a": {"b": ...}}` (event-ruler joins with dots).
 */
import { InvalidEventError } from './errors.js';
import { describeChar, JsonSyntaxError, readJsonString, scanNumber } from './json-text.js';
import { makeLeaf, NO_MEMBERSHIP, type Leaf, type LeafKind, type Membership } from './leaf.js';

/** PutEvents processes nested JSON up to 1,000 levels deep; deeper events are rejected. */
export const MAX_EVENT_DEPTH = 1000;

export interface PathNode {
  readonly children: Map<string, PathNode>;
  /** Index of the rule path ending here, or -1. */
  pathId: number;
}

/** Builds the segment trie for `paths`; `paths[i]` gets path id `i`. */
export function buildPathTrie(paths: readonly string[]): PathNode {
  const root: PathNode = { children: new Map(), pathId: -1 };
  paths.forEach((path, id) => {
    let node = root;
    for (const segment of path.split('.')) {
      let next = node.children.get(segment);
      if (next === undefined) node.children.set(segment, (next = { children: new Map(), pathId: -1 }));
      node = next;
    }
    node.pathId = id;
  });
  return root;
}

function lookup(node: PathNode, key: string): PathNode | undefined {
  const direct = node.children.get(key);
  if (direct !== undefined || key.indexOf('.') < 0) return direct;
  let at: PathNode | undefined = node;
  for (const segment of key.split('.')) {
    at = at.children.get(segment);
    if (at === undefined) return undefined;
  }
  return at;
}

/** The leaves of one event, grouped by path id. Reused between events: read before the next call. */
export interface FlatEvent {
  readonly leaves: ReadonlyArray<readonly Leaf[]>;
  /** Path ids that received at least one leaf. */
  readonly touched: readonly number[];
  /** Whether any leaf came from inside an array of objects (array consistency then matters). */
  readonly hasMembership: boolean;
}

export class EventFlattener implements FlatEvent {
  readonly leaves: Leaf[][];
  readonly touched: number[] = [];
  hasMembership = false;
  private text = '';
  private pos = 0;
  private arrays = 0;

  constructor(
    private readonly root: PathNode,
    pathCount: number,
  ) {
    this.leaves = Array.from({ length: pathCount }, () => []);
  }

  /** Scans `text`; throws InvalidEventError unless it is one well-formed JSON object. */
  flatten(text: string): FlatEvent {
    for (const id of this.touched) this.leaves[id].length = 0;
    this.touched.length = 0;
    this.hasMembership = false;
    this.arrays = 0;
    this.text = text;
    this.pos = 0;
    try {
      this.whitespace();
      if (text.charCodeAt(this.pos) !== 123) this.fail('the event must be a JSON object');
      this.object(this.root, NO_MEMBERSHIP, 1);
      this.whitespace();
      if (this.pos < text.length) this.unexpected('expected end of input');
    } catch (err) {
      if (err instanceof JsonSyntaxError) throw new InvalidEventError(`${err.message} at position ${err.position}`);
      throw err;
    }
    return this;
  }

  private fail(reason: string): never {
    throw new InvalidEventError(reason);
  }

  private unexpected(expecting: string): never {
    const c = this.text.charCodeAt(this.pos);
    if (c !== c) throw new JsonSyntaxError('Unexpected end-of-input', this.pos);
    throw new JsonSyntaxError(`Unexpected character ${describeChar(c)}: ${expecting}`, this.pos);
  }

  private whitespace(): void {
    const text = this.text;
    let c = text.charCodeAt(this.pos);
    while (c === 32 || c === 10 || c === 13 || c === 9) c = text.charCodeAt(++this.pos);
  }

  private enter(depth: number): void {
    if (depth > MAX_EVENT_DEPTH) this.fail(`the event nests deeper than ${MAX_EVENT_DEPTH} levels`);
  }

  /** At `{`; `node` null means nothing below is used and the object is only validated. */
  private object(node: PathNode | null, mem: Membership, depth: number): void {
    this.enter(depth);
    this.pos++;
    this.whitespace();
    if (this.text.charCodeAt(this.pos) === 125) {
      this.pos++;
      return;
    }
    for (;;) {
      if (this.text.charCodeAt(this.pos) !== 34) this.unexpected('was expecting double-quote to start field name');
      let child: PathNode | undefined;
      if (node === null) this.skipString();
      else {
        const [key, end] = readJsonString(this.text, this.pos);
        this.pos = end;
        child = lookup(node, key);
      }
      this.whitespace();
      if (this.text.charCodeAt(this.pos) !== 58) this.unexpected('was expecting a colon to separate field name and value');
      this.pos++;
      this.whitespace();
      this.value(child ?? null, mem, depth);
      this.whitespace();
      const c = this.text.charCodeAt(this.pos);
      this.pos++;
      if (c === 125) return;
      if (c !== 44) {
        this.pos--;
        this.unexpected('was expecting comma to separate Object entries');
      }
      this.whitespace();
    }
  }

  private array(node: PathNode | null, mem: Membership, depth: number): void {
    this.enter(depth);
    const id = this.arrays++;
    this.pos++;
    this.whitespace();
    if (this.text.charCodeAt(this.pos) === 93) {
      this.pos++;
      return;
    }
    for (let index = 0; ; index++) {
      const c = this.text.charCodeAt(this.pos);
      const nested = node !== null && (c === 91 || (c === 123 && node.children.size > 0));
      // Only elements that are objects or arrays record membership, as in event-ruler.
      this.value(node, nested ? [...mem, id, index] : mem, depth);
      this.whitespace();
      const next = this.text.charCodeAt(this.pos);
      this.pos++;
      if (next === 93) return;
      if (next !== 44) {
        this.pos--;
        this.unexpected('was expecting comma to separate Array entries');
      }
      this.whitespace();
    }
  }

  private value(node: PathNode | null, mem: Membership, depth: number): void {
    const c = this.text.charCodeAt(this.pos);
    if (c === 123) return this.object(node !== null && node.children.size > 0 ? node : null, mem, depth + 1);
    if (c === 91) return this.array(node, mem, depth + 1);
    if (node === null || node.pathId < 0) return this.skipScalar(c);
    const leaf = this.scalar(c, mem);
    const bucket = this.leaves[node.pathId];
    if (bucket.length === 0) this.touched.push(node.pathId);
    bucket.push(leaf);
    if (mem.length > 0) this.hasMembership = true;
  }

  private scalar(c: number, mem: Membership): Leaf {
    if (c === 34) {
      const [value, end] = readJsonString(this.text, this.pos);
      this.pos = end;
      return makeLeaf('string', value, mem);
    }
    const start = this.pos;
    this.skipScalar(c);
    const text = this.text.slice(start, this.pos);
    const kind: LeafKind = c === 116 ? 'true' : c === 102 ? 'false' : c === 110 ? 'null' : 'number';
    return makeLeaf(kind, text, mem);
  }

  private skipScalar(c: number): void {
    if (c === 34) return this.skipString();
    const text = this.text;
    if (c === 116 && text.startsWith('true', this.pos)) this.pos += 4;
    else if (c === 102 && text.startsWith('false', this.pos)) this.pos += 5;
    else if (c === 110 && text.startsWith('null', this.pos)) this.pos += 4;
    else if (c === 45 || (c >= 48 && c <= 57)) {
      const end = scanNumber(text, this.pos);
      if (end < 0) throw new JsonSyntaxError('Invalid numeric value', this.pos);
      this.pos = end;
    } else this.unexpected('expected a value');
  }

  /** Validates a string without building it; escapes are checked, raw control characters refused. */
  private skipString(): void {
    const text = this.text;
    let i = this.pos + 1;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 34) break;
      if (c === 92 || c < 32 || c !== c) {
        // Rare: let the full decoder validate (and report) the escape-bearing string.
        this.pos = readJsonString(text, this.pos)[1];
        return;
      }
      i++;
    }
    this.pos = i + 1;
  }
}
