/**
 * Compiles the conditions candidates still have to pass into the flat records QuickChecks runs
 * (quick-check.ts): one record per condition, numbers in one Float64Array, strings in one shared
 * string addressed by offset and length. A condition with several alternatives, or an operator
 * without a packed test (anything-but wildcards, IP literals as exact strings, literals), keeps
 * its compiled closure.
 */
import type { PreparedCondition } from './branch-verify.js';
import type { LeafTest } from './matcher-eval.js';
import type { AnythingButMatcher, Matcher } from './pattern-types.js';

/** Check kinds, as stored in a record. FOLDED is added to Exact, Prefix and Suffix to compare case-folded text. */
export const Check = {
  Closure: 0,
  Never: 1,
  Any: 2,
  Numeric: 3,
  Number: 4,
  Cidr: 5,
  Wildcard: 6,
  ButValues: 7,
  ButPrefix: 8,
  ButSuffix: 9,
  ButFolded: 10,
  Exact: 11,
  Prefix: 12,
  Suffix: 13,
  FoldedExact: 14,
  FoldedPrefix: 15,
  FoldedSuffix: 16,
} as const;
type Kind = (typeof Check)[keyof typeof Check];
export const FOLDED = Check.FoldedExact - Check.Exact;

/**
 * Record layout, STRIDE numbers: [kind, path id, allows absent, a, b]. Closure: a = index into
 * `tests`. Numeric: a = index of [lower, upper] in `numbers`, b = 1 (lower inclusive) | 2 (upper
 * inclusive). Number: a = index in `numbers`. Strings: a = offset in `text`, b = length (Cidr:
 * low at a, high at a + b). Lists (Wildcard segments, anything-but values): a = offset in `spans`
 * of [count, offset, length, ...], for ButValues followed by [number count, index in `numbers`].
 */
export const STRIDE = 5;

/** What the records point into; the records themselves are stored by their owner (branch-table.ts). */
export interface PackedChecks {
  readonly spans: Int32Array;
  readonly numbers: Float64Array;
  readonly text: string;
  readonly tests: readonly LeafTest[];
}

export class QuickCheckCompiler {
  private readonly spans: number[] = [];
  private readonly numbers: number[] = [];
  private readonly texts: string[] = [];
  private textLength = 0;
  private readonly tests: LeafTest[] = [];

  /** The records for `conditions`, STRIDE numbers each, to be stored by the caller. */
  records(conditions: readonly PreparedCondition[]): number[] {
    return conditions.flatMap((c) => {
      const [kind, a, b] = this.pack(c);
      return [kind, c.pathId, c.allowsAbsent ? 1 : 0, a, b];
    });
  }

  build(): PackedChecks {
    return {
      spans: Int32Array.from(this.spans),
      numbers: Float64Array.from(this.numbers),
      text: this.texts.join(''),
      tests: [...this.tests],
    };
  }

  private pack(c: PreparedCondition): [Kind, number, number] {
    if (c.positive.length === 0) return [Check.Never, 0, 0];
    const packed = c.positive.length === 1 ? this.packMatcher(c.positive[0]) : undefined;
    return packed ?? [Check.Closure, this.tests.push(c.test) - 1, 0];
  }

  private packMatcher(m: Matcher): [Kind, number, number] | undefined {
    switch (m.op) {
      case 'exists':
        return [m.value ? Check.Any : Check.Never, 0, 0];
      case 'numeric': {
        const inclusive = (m.lowerInclusive ? 1 : 0) | (m.upperInclusive ? 2 : 0);
        return [Check.Numeric, this.addNumbers([m.lower, m.upper]), inclusive];
      }
      case 'cidr':
        return [Check.Cidr, this.addText(m.low + m.high), m.low.length];
      case 'exact':
        if (m.kind === 'number')
          return Number.isFinite(m.value) ? [Check.Number, this.addNumbers([m.value]), 0] : undefined;
        // An IP literal also matches other spellings of its address: left to the closure.
        if (m.kind !== 'string' || m.ip !== undefined) return undefined;
        return this.packText(Check.Exact, m.value);
      case 'equals-ignore-case':
        return this.packText(Check.FoldedExact, m.folded);
      case 'prefix':
      case 'suffix':
        return this.packText(
          ((m.op === 'prefix' ? Check.Prefix : Check.Suffix) + (m.ignoreCase ? FOLDED : 0)) as Kind,
          m.value,
        );
      case 'wildcard':
        if (m.segments.length === 1) return this.packText(Check.Exact, m.segments[0]);
        return [Check.Wildcard, this.addList(m.segments), 0];
      case 'anything-but':
        return this.packAnythingBut(m);
    }
  }

  private packAnythingBut(m: AnythingButMatcher): [Kind, number, number] | undefined {
    switch (m.variant) {
      case 'values': {
        const at = this.addList([...m.strings]);
        this.spans.push(m.numbers.length, this.addNumbers(m.numbers));
        return [Check.ButValues, at, 0];
      }
      case 'prefix':
        return [Check.ButPrefix, this.addList(m.values), 0];
      case 'suffix':
        return [Check.ButSuffix, this.addList(m.values), 0];
      case 'equals-ignore-case':
        return [Check.ButFolded, this.addList(m.values), 0];
      case 'wildcard':
        return undefined;
    }
  }

  private packText(kind: Kind, value: string): [Kind, number, number] {
    return [kind, this.addText(value), value.length];
  }

  private addNumbers(values: readonly number[]): number {
    return this.numbers.push(...values) - values.length;
  }

  private addText(value: string): number {
    const at = this.textLength;
    this.texts.push(value);
    this.textLength += value.length;
    return at;
  }

  private addList(values: readonly string[]): number {
    const at = this.spans.length;
    this.spans.push(values.length);
    for (const value of values) this.spans.push(this.addText(value), value.length);
    return at;
  }
}
