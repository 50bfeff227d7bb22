/**
 * Wildcard values: `*` matches any run of characters (including none), `\*` is a literal star,
 * `\\` a literal backslash; any other escape and `**` are errors. A parsed wildcard is the list
 * of literal segments between stars, which makes matching a linear left-to-right scan.
 */

/** Largest allowed complexity score (see {@link wildcardComplexity}); documented in README.md. */
export const MAX_WILDCARD_COMPLEXITY = 10;

const STAR = -1;

/**
 * Splits a wildcard into literal segments; `["a", "b"]` means `a*b`, one segment means no star.
 * Throws a plain Error with event-ruler's message. Positions are UTF-8 byte offsets in the
 * quoted value (event-ruler parses `"` + value + `"`), so they match what AWS reports.
 */
export function parseWildcard(value: string): string[] {
  const segments: string[] = [];
  let current = '';
  let bytePos = 1;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '*') {
      if (value[i + 1] === '*') throw new Error(`Consecutive wildcard characters at pos ${bytePos}`);
      segments.push(current);
      current = '';
    } else if (c === '\\') {
      const next = value[i + 1];
      if (next !== '*' && next !== '\\') throw new Error(`Invalid escape character at pos ${bytePos}`);
      current += next;
      i++;
      bytePos++;
    } else {
      current += c;
    }
    bytePos += utf8Length(value.charCodeAt(i));
  }
  segments.push(current);
  return segments;
}

function utf8Length(code: number): number {
  if (code < 0x80) return 1;
  if (code < 0x800) return 2;
  // A surrogate pair is 4 bytes in total: count 2 for each half.
  return code >= 0xd800 && code <= 0xdfff ? 2 : 3;
}

/** Whether `text` matches the parsed wildcard. */
export function matchWildcard(segments: readonly string[], text: string): boolean {
  const last = segments.length - 1;
  if (last === 0) return text === segments[0];
  const head = segments[0];
  const tail = segments[last];
  if (text.length < head.length + tail.length || !text.startsWith(head) || !text.endsWith(tail)) return false;
  // Leftmost placement of each middle segment is optimal when `*` is the only metacharacter.
  let pos = head.length;
  const limit = text.length - tail.length;
  for (let i = 1; i < last; i++) {
    const found = text.indexOf(segments[i], pos);
    if (found < 0 || found + segments[i].length > limit) return false;
    pos = found + segments[i].length;
  }
  return true;
}

/**
 * A stand-in for event-ruler's MachineComplexityEvaluator on a single wildcard value: the largest
 * number of positions of the quoted pattern's automaton (characters, stars and the closing quote)
 * that can be active at once while reading some input. Repeated literal runs after a star and many
 * stars raise it, e.g. `arn:*:x/*` scores 5, `/Users/*\/dir/dir/dir/dir/dir/doc.txt` 8 and
 * `*:*:*:*:*:event-bus/*` 13. Returns early once the score passes `cap`.
 */
export function wildcardComplexity(segments: readonly string[], cap = MAX_WILDCARD_COMPLEXITY): number {
  const tokens: number[] = [34];
  segments.forEach((segment, i) => {
    if (i > 0) tokens.push(STAR);
    for (let k = 0; k < segment.length; k++) tokens.push(segment.charCodeAt(k));
  });
  tokens.push(34);
  const alphabet = [...new Set(tokens.filter((t) => t !== STAR)), STAR];
  const close = (states: Set<number>): Set<number> => {
    for (const s of [...states]) {
      for (let t = s; t < tokens.length && tokens[t] === STAR; t++) states.add(t + 1);
    }
    return states;
  };
  const start = close(new Set([0]));
  const seen = new Set<string>([key(start)]);
  const pending = [start];
  let worst = start.size;
  // The subset walk is bounded: sets are capped in size, and we stop after a fixed budget.
  for (let budget = 20000; pending.length > 0; budget--) {
    if (budget === 0) return cap + 1;
    const states = pending.pop() as Set<number>;
    for (const byte of alphabet) {
      const next = new Set<number>();
      for (const s of states) {
        if (s >= tokens.length) continue;
        if (tokens[s] === STAR) next.add(s);
        else if (tokens[s] === byte) next.add(s + 1);
      }
      if (next.size === 0) continue;
      close(next);
      worst = Math.max(worst, next.size);
      if (worst > cap) return worst;
      const k = key(next);
      if (!seen.has(k)) {
        seen.add(k);
        pending.push(next);
      }
    }
  }
  return worst;
}

function key(states: Set<number>): string {
  return [...states].sort((a, b) => a - b).join(',');
}
