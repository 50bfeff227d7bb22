/**
 * Whether JSON text nests arrays and objects deeper than `limit` (the outermost array or object is
 * level 1). One pass without recursion or allocation, so any depth is cheap to measure: strings are
 * crossed with `indexOf`, and a quote preceded by an odd run of backslashes is escaped. Meant for
 * text already known to be JSON; for other text the answer means nothing.
 */
export function nestsDeeperThan(json: string, limit: number): boolean {
  let depth = 0;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (c === 0x22) {
      i = stringEnd(json, i);
      if (i < 0) return false;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return false;
}

/** Offset of the quote closing the string that opens at `open`, or -1 if it is unterminated. */
function stringEnd(json: string, open: number): number {
  let close = json.indexOf('"', open + 1);
  while (close >= 0) {
    let backslashes = 0;
    while (json.charCodeAt(close - 1 - backslashes) === 0x5c) backslashes++;
    if (backslashes % 2 === 0) return close;
    close = json.indexOf('"', close + 1);
  }
  return -1;
}
