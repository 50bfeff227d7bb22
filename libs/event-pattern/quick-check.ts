/**
 * Runs the conditions a candidate branch still has to pass, from the flat records compiled by
 * quick-check-compiler.ts. Calling a condition's closure (matcher-eval.ts) reads the condition
 * object, the closure, its context and the values it captured: with thousands of rules each is
 * likely a cache miss, about a microsecond per candidate on the benchmark machine. A record and
 * the strings and numbers it points to sit in a few typed arrays and one string instead. Each
 * test here is the closure's test for the same operator, written against the packed values.
 */
import { finiteNumber, type Leaf } from './leaf.js';
import { foldedText, leafIp } from './matcher-eval.js';
import { Check, FOLDED, STRIDE, type PackedChecks } from './quick-check-compiler.js';

export class QuickChecks {
  private readonly spans: Int32Array;
  private readonly numbers: Float64Array;
  private readonly text: string;
  private readonly tests: PackedChecks['tests'];

  constructor(packed: PackedChecks) {
    ({ spans: this.spans, numbers: this.numbers } = packed);
    ({ text: this.text, tests: this.tests } = packed);
  }

  /**
   * Runs the records at [from, to) of `records` as verifyBranch runs its quick list: a condition fails when
   * its path is absent (unless it allows that) or no leaf there passes (unless it allows absence
   * and array consistency, `arrayBound` > 1, may still excuse the leaves present).
   */
  pass(
    records: Int32Array,
    from: number,
    to: number,
    leaves: ReadonlyArray<readonly Leaf[]>,
    arrayBound: number,
  ): boolean {
    for (let at = from; at < to; at += STRIDE) {
      const present = leaves[records[at + 1]];
      const allowsAbsent = records[at + 2] === 1;
      if (present.length === 0) {
        if (!allowsAbsent) return false;
      } else if (!this.anyPasses(records, at, present)) {
        if (!allowsAbsent || arrayBound <= 1) return false;
      }
    }
    return true;
  }

  private anyPasses(records: Int32Array, at: number, leaves: readonly Leaf[]): boolean {
    const kind = records[at];
    const a = records[at + 3];
    const b = records[at + 4];
    for (let i = 0; i < leaves.length; i++) if (this.passes(kind, a, b, leaves[i])) return true;
    return false;
  }

  private passes(kind: number, a: number, b: number, leaf: Leaf): boolean {
    switch (kind) {
      case Check.Closure:
        return this.tests[a](leaf);
      case Check.Never:
        return false;
      case Check.Any:
        return true;
      case Check.Numeric: {
        const n = finiteNumber(leaf);
        if (n === undefined) return false;
        const lower = this.numbers[a];
        const upper = this.numbers[a + 1];
        return ((b & 1) !== 0 ? n >= lower : n > lower) && ((b & 2) !== 0 ? n <= upper : n < upper);
      }
      case Check.Number:
        return leaf.kind === 'number' && leaf.num === this.numbers[a];
      case Check.Cidr: {
        const hex = leafIp(leaf);
        return (
          hex !== undefined && hex.length === b && this.compare(hex, a) >= 0 && this.compare(hex, a + b) <= 0
        );
      }
      case Check.Wildcard:
        return leaf.kind === 'string' && this.wildcard(leaf.text, a);
      case Check.ButValues:
        return this.notListed(leaf, a);
      case Check.ButPrefix:
      case Check.ButSuffix:
      case Check.ButFolded:
        return (
          leaf.kind !== 'string' ||
          !this.anyInList(kind, kind === Check.ButFolded ? foldedText(leaf) : leaf.text, a)
        );
      default: {
        if (leaf.kind !== 'string') return false;
        const folded = kind >= Check.FoldedExact;
        return this.affix(folded ? kind - FOLDED : kind, folded ? foldedText(leaf) : leaf.text, a, b);
      }
    }
  }

  /** Exact, Prefix or Suffix test of `text` against the pooled value at [at, at + length). */
  private affix(op: number, text: string, at: number, length: number): boolean {
    if (op === Check.Exact) return text.length === length && this.equalsAt(text, 0, at, length);
    return (
      text.length >= length && this.equalsAt(text, op === Check.Prefix ? 0 : text.length - length, at, length)
    );
  }

  /** Whether text[start, start + length) equals the pool's [at, at + length). */
  private equalsAt(text: string, start: number, at: number, length: number): boolean {
    const pool = this.text;
    for (let i = 0; i < length; i++) if (text.charCodeAt(start + i) !== pool.charCodeAt(at + i)) return false;
    return true;
  }

  /** Sign of comparing `hex` with the equally long pooled string at `at`. */
  private compare(hex: string, at: number): number {
    const pool = this.text;
    for (let i = 0; i < hex.length; i++) {
      const d = hex.charCodeAt(i) - pool.charCodeAt(at + i);
      if (d !== 0) return d;
    }
    return 0;
  }

  /** matchWildcard (wildcard.ts) over the segment list at `list`: head, tail, then leftmost middles. */
  private wildcard(text: string, list: number): boolean {
    const spans = this.spans;
    const last = list + 1 + 2 * (spans[list] - 1);
    const headLength = spans[list + 2];
    const tailLength = spans[last + 1];
    if (text.length < headLength + tailLength) return false;
    if (!this.equalsAt(text, 0, spans[list + 1], headLength)) return false;
    if (!this.equalsAt(text, text.length - tailLength, spans[last], tailLength)) return false;
    let pos = headLength;
    const limit = text.length - tailLength;
    for (let s = list + 3; s < last; s += 2) {
      const length = spans[s + 1];
      while (pos + length <= limit && !this.equalsAt(text, pos, spans[s], length)) pos++;
      if (pos + length > limit) return false;
      pos += length;
    }
    return true;
  }

  /** anything-but over values: strings of the list at `list`, then its numbers. */
  private notListed(leaf: Leaf, list: number): boolean {
    if (leaf.kind === 'string') return !this.anyInList(Check.Exact, leaf.text, list);
    const n = finiteNumber(leaf);
    if (n === undefined) return true;
    const end = list + 1 + 2 * this.spans[list];
    for (let i = this.spans[end + 1], stop = i + this.spans[end]; i < stop; i++)
      if (this.numbers[i] === n) return false;
    return true;
  }

  /** Whether some string of the list at `list` is equal to (ButFolded, Exact), a prefix or a suffix of `text`. */
  private anyInList(kind: number, text: string, list: number): boolean {
    const op =
      kind === Check.ButPrefix ? Check.Prefix : kind === Check.ButSuffix ? Check.Suffix : Check.Exact;
    const spans = this.spans;
    for (let s = list + 1, end = list + 1 + 2 * spans[list]; s < end; s += 2)
      if (this.affix(op, text, spans[s], spans[s + 1])) return true;
    return false;
  }
}
