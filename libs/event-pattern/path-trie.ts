/**
 * The rule paths of a compiled matcher as a trie of key segments. An event key `"a.b"` reaches
 * the same node as `{"a": {"b": ...}}`, because event-ruler joins keys with dots and so treats
 * both spellings alike. Children are also listed by first character so the scanner can compare
 * an event key in place, without searching for its end or slicing it out of the event text.
 */

export interface PathNode {
  /** This node's key segment. */
  readonly segment: string;
  readonly children: Map<string, PathNode>;
  /** `byFirst[c]`: children whose name starts with ASCII code c (`""` is listed under `"`). */
  readonly byFirst: Array<PathNode[] | undefined>;
  /** Children whose name starts with a non-ASCII character. */
  readonly other: PathNode[];
  /** Index of the rule path ending here, or -1. */
  pathId: number;
}

const QUOTE = 34;
const DOT = 46;

function needsEscaping(segment: string): boolean {
  for (let i = 0; i < segment.length; i++) {
    const c = segment.charCodeAt(i);
    if (c < 32 || c === QUOTE || c === 92) return true;
  }
  return false;
}

function node(segment: string): PathNode {
  return { segment, children: new Map(), byFirst: [], other: [], pathId: -1 };
}

/** Builds the segment trie for `paths`; `paths[i]` gets path id `i`. */
export function buildPathTrie(paths: readonly string[]): PathNode {
  const root = node('');
  paths.forEach((path, id) => {
    let at = root;
    for (const segment of path.split('.')) {
      let next = at.children.get(segment);
      if (next === undefined) {
        next = node(segment);
        at.children.set(segment, next);
        // Names that would appear escaped in JSON text are only found through `lookup`.
        if (!needsEscaping(segment)) {
          const first = segment === '' ? QUOTE : segment.charCodeAt(0);
          if (first < 128) (at.byFirst[first] ??= []).push(next);
          else at.other.push(next);
        }
      }
      at = next;
    }
    at.pathId = id;
  });
  return root;
}

/** The node for an event key (decoded), following dotted keys through several segments. */
export function lookup(at: PathNode, key: string): PathNode | undefined {
  const direct = at.children.get(key);
  if (direct !== undefined || key.indexOf('.') < 0) return direct;
  let current: PathNode | undefined = at;
  for (const segment of key.split('.')) {
    current = current.children.get(segment);
    if (current === undefined) return undefined;
  }
  return current;
}

function candidates(at: PathNode, first: number): PathNode[] | undefined {
  return first < 128 ? at.byFirst[first] : at.other;
}

/**
 * The child named exactly like the key whose opening quote is at `open`, compared in place.
 * Returns `null` when the key is a dotted path through some child (`"a.b"` with child `a`) and
 * must be decoded and walked with {@link lookup}, and `undefined` when no child can match.
 * A name never contains `"` or `\\`, so a quote right after it is the key's closing quote.
 */
export function childForKey(at: PathNode, text: string, open: number): PathNode | null | undefined {
  const start = open + 1;
  const first = text.charCodeAt(start);
  // An empty child name is followed by the key's leading dot.
  if (first === DOT && at.children.has('')) return null;
  const list = candidates(at, first);
  if (list === undefined) return undefined;
  for (let k = 0; k < list.length; k++) {
    const name = list[k].segment;
    const next = text.charCodeAt(start + name.length);
    if ((next === QUOTE || next === DOT) && text.startsWith(name, start))
      return next === QUOTE ? list[k] : null;
  }
  return undefined;
}
