/**
 * The validated form of an event pattern. A pattern is compiled the way event-ruler compiles it:
 * nested keys are joined with `.` into field paths, and `$or` is expanded into alternative
 * branches (disjunctive normal form). A pattern matches when any branch matches; a branch matches
 * when every one of its field conditions does; a condition matches when any of its matchers does.
 */

/** One value test from a pattern's leaf array, e.g. `"x"`, `{"prefix": "a"}`, `{"numeric": [...]}`. */
export type Matcher =
  | ExactStringMatcher
  | { readonly op: 'exact'; readonly kind: 'number'; readonly text: string; readonly value: number }
  | { readonly op: 'exact'; readonly kind: 'true' | 'false' | 'null' }
  | { readonly op: 'prefix' | 'suffix'; readonly value: string; readonly ignoreCase: boolean }
  | { readonly op: 'equals-ignore-case'; readonly value: string; readonly folded: string }
  | { readonly op: 'wildcard'; readonly value: string; readonly segments: readonly string[] }
  | AnythingButMatcher
  | NumericMatcher
  | CidrMatcher
  | { readonly op: 'exists'; readonly value: boolean };

/**
 * `ip` is set when the string is an IP literal: event-ruler then matches it as a one-address
 * range, so `"2001:db8::1"` also matches `"2001:0db8:0:0:0:0:0:1"`.
 */
export interface ExactStringMatcher {
  readonly op: 'exact';
  readonly kind: 'string';
  readonly value: string;
  readonly ip?: string;
}

/**
 * `values`: a string list or a number list (never mixed). The other variants hold strings; for
 * `equals-ignore-case` they are already case-folded and for `wildcard` they are parsed segments.
 */
export type AnythingButMatcher =
  | {
      readonly op: 'anything-but';
      readonly variant: 'values';
      readonly strings: ReadonlySet<string>;
      readonly numbers: readonly number[];
    }
  | {
      readonly op: 'anything-but';
      readonly variant: 'prefix' | 'suffix' | 'equals-ignore-case';
      readonly values: readonly string[];
    }
  | {
      readonly op: 'anything-but';
      readonly variant: 'wildcard';
      readonly values: readonly string[];
      readonly segments: ReadonlyArray<readonly string[]>;
    };

/** A numeric interval; unbounded sides use ±Infinity. `=` is a closed single-point interval. */
export interface NumericMatcher {
  readonly op: 'numeric';
  readonly lower: number;
  readonly lowerInclusive: boolean;
  readonly upper: number;
  readonly upperInclusive: boolean;
}

/** An address range as fixed-width upper-case hex (8 digits for IPv4, 32 for IPv6). */
export interface CidrMatcher {
  readonly op: 'cidr';
  readonly value: string;
  readonly low: string;
  readonly high: string;
}

/** All matchers for one field path in one branch (OR-ed). */
export interface FieldCondition {
  readonly path: string;
  readonly matchers: readonly Matcher[];
}

/** One conjunction of field conditions, sorted by path (event-ruler's evaluation order). */
export interface PatternBranch {
  readonly conditions: readonly FieldCondition[];
}

/** A parsed, validated event pattern. Immutable; safe to share and to compile many times. */
export interface EventPattern {
  /** Alternatives produced by `$or`; a pattern without `$or` has exactly one. */
  readonly branches: readonly PatternBranch[];
  /** The JSON text the pattern was parsed from. */
  readonly text: string;
}

/** How a matcher is named in explanations and summaries, mirroring the pattern syntax. */
export function operatorName(m: Matcher): string {
  switch (m.op) {
    case 'prefix':
    case 'suffix':
      return m.ignoreCase ? `${m.op}/equals-ignore-case` : m.op;
    case 'anything-but':
      return m.variant === 'values' ? 'anything-but' : `anything-but/${m.variant}`;
    default:
      return m.op;
  }
}
