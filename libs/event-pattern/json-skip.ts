/**
 * Validating skips over JSON text, for the parts of an event no rule reads. Written as plain
 * functions of (text, offset) → offset so V8 keeps the offset in a register; strings are crossed
 * with a native `indexOf` instead of a character loop. These are the hot path of event matching.
 */
import { describeChar, JsonSyntaxError, readJsonString, scanNumber } from './json-text.js';

/** Offset of the first non-whitespace character at or after `i`. */
export function skipWhitespace(text: string, i: number): number {
  // Compact JSON has no whitespace at all: keep the common case tiny so V8 inlines it.
  return text.charCodeAt(i) > 32 ? i : skipWhitespaceRun(text, i);
}

function skipWhitespaceRun(text: string, i: number): number {
  let c = text.charCodeAt(i);
  while (c === 32 || c === 10 || c === 13 || c === 9) c = text.charCodeAt(++i);
  return i;
}

export function unexpected(text: string, i: number, expecting: string): never {
  const c = text.charCodeAt(i);
  if (c !== c) throw new JsonSyntaxError('Unexpected end-of-input', i);
  throw new JsonSyntaxError(`Unexpected character (${describeChar(c)}): ${expecting}`, i);
}

/**
 * Remembers where the next backslash is, so each escape-free string costs one `indexOf('"')`.
 * Raw control characters inside strings are not looked for here (see README: match() leniency).
 */
export class StringScanner {
  private backslash = -1;
  private text = '';

  reset(text: string): void {
    this.text = text;
    this.backslash = -1;
  }

  /** Closing-quote offset of the escape-free string opening at `open`, else -1 (escapes or unterminated). */
  plainEnd(open: number): number {
    const text = this.text;
    const close = text.indexOf('"', open + 1);
    if (close < 0) return -1;
    if (this.backslash <= open) {
      const found = text.indexOf('\\', open + 1);
      this.backslash = found < 0 ? text.length : found;
    }
    return this.backslash < close ? -1 : close;
  }

  /** Offset just past the string opening at `open`. */
  skip(open: number): number {
    const close = this.plainEnd(open);
    return close >= 0 ? close + 1 : readJsonString(this.text, open)[1];
  }

  /** Skips any JSON value starting at `i` (no leading whitespace); returns the offset after it. */
  skipValue(i: number, depth: number, maxDepth: number): number {
    const text = this.text;
    const c = text.charCodeAt(i);
    if (c === 34) return this.skip(i);
    if (c === 123 || c === 91) {
      if (depth >= maxDepth) throw new JsonSyntaxError(`the event nests deeper than ${maxDepth} levels`, i);
      return c === 123 ? this.skipObject(i, depth + 1, maxDepth) : this.skipArray(i, depth + 1, maxDepth);
    }
    return skipLiteralOrNumber(text, i, c);
  }

  private skipObject(i: number, depth: number, maxDepth: number): number {
    const text = this.text;
    i = skipWhitespace(text, i + 1);
    if (text.charCodeAt(i) === 125) return i + 1;
    for (;;) {
      if (text.charCodeAt(i) !== 34) unexpected(text, i, 'was expecting double-quote to start field name');
      i = this.skip(i);
      if (text.charCodeAt(i) !== 58) {
        i = skipWhitespace(text, i);
        if (text.charCodeAt(i) !== 58)
          unexpected(text, i, 'was expecting a colon to separate field name and value');
      }
      i = skipWhitespace(text, i + 1);
      i = this.skipValue(i, depth, maxDepth);
      let c = text.charCodeAt(i);
      if (c <= 32) c = text.charCodeAt((i = skipWhitespace(text, i)));
      if (c === 125) return i + 1;
      if (c !== 44) unexpected(text, i, 'was expecting comma to separate Object entries');
      i = skipWhitespace(text, i + 1);
    }
  }

  private skipArray(i: number, depth: number, maxDepth: number): number {
    const text = this.text;
    i = skipWhitespace(text, i + 1);
    if (text.charCodeAt(i) === 93) return i + 1;
    for (;;) {
      i = this.skipValue(i, depth, maxDepth);
      let c = text.charCodeAt(i);
      if (c <= 32) c = text.charCodeAt((i = skipWhitespace(text, i)));
      if (c === 93) return i + 1;
      if (c !== 44) unexpected(text, i, 'was expecting comma to separate Array entries');
      i = skipWhitespace(text, i + 1);
    }
  }
}

/** Skips `true`, `false`, `null` or a number starting at `i` (first character `c`). */
export function skipLiteralOrNumber(text: string, i: number, c: number): number {
  if (c === 116 && text.startsWith('true', i)) return i + 4;
  if (c === 102 && text.startsWith('false', i)) return i + 5;
  if (c === 110 && text.startsWith('null', i)) return i + 4;
  if (c === 45 || (c >= 48 && c <= 57)) {
    const end = scanNumber(text, i);
    if (end < 0) throw new JsonSyntaxError('Invalid numeric value', i);
    return end;
  }
  return unexpected(text, i, 'expected a value');
}
