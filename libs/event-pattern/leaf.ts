/**
 * Events are matched as event-ruler sees them: a list of leaf values, each under a dotted path
 * (array elements are "crushed" into their parent's path). A leaf also remembers which element
 * of which enclosing array of objects it came from, so that one branch never combines fields
 * taken from different elements of the same array (event-ruler's "array consistency").
 */

export type LeafKind = 'string' | 'number' | 'true' | 'false' | 'null';

/**
 * Pairs `[arrayId, elementIndex, ...]` sorted by array id. Only arrays whose elements are
 * objects or arrays contribute, exactly like event-ruler: scalars sit directly in their path.
 */
export type Membership = readonly number[];

export const NO_MEMBERSHIP: Membership = [];

/**
 * One leaf value. A class with every field set in the constructor, so all leaves share one
 * hidden class and filling the lazy caches never changes an object's shape (it would cost V8
 * a map migration per leaf on the hot path). Every event allocates its leaves, so they are kept
 * small: no flags beside the caches, and `num` is not a double field (V8 boxes those in a
 * separate heap number for every object, strings included).
 */
export class Leaf {
  /** The number's value; undefined for non-numbers. */
  readonly num: number | undefined;
  /** Case-folded text; undefined until first used by an ignore-case matcher. */
  folded: string | undefined = undefined;
  /** Canonical hex address, '' when not an IP literal; undefined until first used. */
  ip: string | undefined = undefined;

  constructor(
    readonly kind: LeafKind,
    /** The decoded string, the raw number text (`300.0` stays `300.0`), or `true`/`false`/`null`. */
    readonly text: string,
    readonly mem: Membership,
  ) {
    this.num = kind === 'number' ? Number(text) : undefined;
  }
}

/** The leaf's number when it is a finite JSON number (what numeric operators compare), else undefined. */
export function finiteNumber(leaf: Leaf): number | undefined {
  const n = leaf.num;
  return n !== undefined && Number.isFinite(n) ? n : undefined;
}

export function makeLeaf(kind: LeafKind, text: string, mem: Membership): Leaf {
  return new Leaf(kind, text, mem);
}

/** Whether two leaves can belong to one match: no shared array with different element indexes. */
export function consistent(a: Membership, b: Membership): boolean {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      if (a[i + 1] !== b[j + 1]) return false;
      i += 2;
      j += 2;
    } else if (a[i] < b[j]) i += 2;
    else j += 2;
  }
  return true;
}

/** Union of two consistent memberships, still sorted by array id. */
export function mergeMembership(a: Membership, b: Membership): Membership {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i] < b[j])) {
      out.push(a[i], a[i + 1]);
      i += 2;
    } else {
      if (i < a.length && a[i] === b[j]) i += 2;
      out.push(b[j], b[j + 1]);
      j += 2;
    }
  }
  return out;
}
