/**
 * Case folding for the `equals-ignore-case` family. Folding is per code point and context-free,
 * so fold(a + b) === fold(a) + fold(b); prefix and suffix tests on folded text then stay exact
 * (whole-string `toLowerCase` is not: a final Greek sigma lowers differently from a medial one).
 */

// eslint-disable-next-line no-control-regex -- the range deliberately starts at NUL: any ASCII text
const ASCII_ONLY = /^[\x00-\x7f]*$/;

export function foldCase(text: string): string {
  // Fast path, no allocation: ASCII text without upper-case letters is already folded.
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 127 || (c >= 65 && c <= 90)) return foldChanged(text);
  }
  return text;
}

function foldChanged(text: string): string {
  if (ASCII_ONLY.test(text)) return text.toLowerCase();
  let out = '';
  for (const ch of text) {
    // Upper-casing first unifies variants such as 'ς'/'σ'; skip it when it changes the length ('ß').
    const upper = ch.toUpperCase();
    out += (upper.length === ch.length ? upper : ch).toLowerCase();
  }
  return out;
}
