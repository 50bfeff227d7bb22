/**
 * IP literals and CIDR blocks the way event-ruler reads them: an address becomes fixed-width
 * upper-case hex (8 digits for IPv4, 32 for IPv6) so ranges compare as plain strings. Only text
 * that passes event-ruler's shape regexes is considered an address at all.
 */

// event-ruler's Constants.IPv4_REGEX / IPv6_REGEX, anchored as Java's `matches()` is.
const IPV4_SHAPE = /^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$/;
const IPV6_SHAPE = /^[0-9a-fA-F:]*:[0-9a-fA-F:]*$/;

/** True when the text has the shape of an IP literal (it may still be an invalid one). */
export function looksLikeIp(text: string): boolean {
  return IPV4_SHAPE.test(text) || IPV6_SHAPE.test(text);
}

const DIGITS = Array.from('0123456789ABCDEF', (c) => c.charCodeAt(0));
/** Character codes of the two upper-case hex digits of each byte value. */
const HIGH_DIGIT = Array.from({ length: 256 }, (_, b) => DIGITS[b >> 4]);
const LOW_DIGIT = Array.from({ length: 256 }, (_, b) => DIGITS[b & 15]);
/** Reused character code buffers for IPv4 and IPv6 hex. */
const CODES4 = new Array<number>(8).fill(0);
const CODES16 = new Array<number>(32).fill(0);

/**
 * Canonical hex of an IP literal, or undefined when the text is not a valid literal (including
 * text without an address's shape, so callers need not test {@link looksLikeIp} first). Parsed
 * by hand and written with one String.fromCharCode: event values reach this once per candidate
 * rule with an IP condition, and the split/regex/concatenation version took microseconds per
 * IPv6 address.
 */
export function ipToHex(text: string): string | undefined {
  const length = parseIp(text);
  if (length === 0) return undefined;
  const codes = length === 4 ? CODES4 : CODES16;
  for (let i = 0; i < length; i++) {
    codes[2 * i] = HIGH_DIGIT[BYTES[i]];
    codes[2 * i + 1] = LOW_DIGIT[BYTES[i]];
  }
  return String.fromCharCode(...codes);
}

/** Scratch output of parseIp (the matcher is synchronous, so one buffer serves every call). */
const BYTES = new Uint8Array(16);
const WORDS = new Uint16Array(8);

/**
 * Parses an IP literal into BYTES; returns its length (4 or 16), or 0 when the text is not a
 * valid literal. The shapes are disjoint: an IPv4 literal has dots, an IPv6 one never does.
 */
function parseIp(text: string): number {
  return text.indexOf('.') >= 0 ? parseIpv4(text) : parseIpv6(text);
}

// Four dot-separated runs of digits (event-ruler's IPv4_REGEX). Octets are read as decimal even
// with leading zeros (`010` is ten), as Java's parser does.
function parseIpv4(text: string): number {
  let octet = 0;
  let value = 0;
  let digits = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 46; // a dot after the last octet
    if (c === 46) {
      if (digits === 0 || octet === 4) return 0;
      BYTES[octet++] = value;
      value = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57) {
      if ((value = value * 10 + (c - 48)) > 255) return 0;
      digits++;
    } else return 0;
  }
  return octet === 4 ? 4 : 0;
}

// Hex digits and colons with at most one `::` (event-ruler's IPv6_REGEX, then Java's parser):
// 1–4 digits per group, eight groups, or fewer with `::` standing for at least one zero group.
function parseIpv6(text: string): number {
  const gap = text.indexOf('::');
  if (gap >= 0 && text.indexOf('::', gap + 2) >= 0) return 0;
  const head = readGroups(text, 0, gap < 0 ? text.length : gap, 0);
  if (head < 0) return 0;
  if (gap < 0) {
    if (head !== 8) return 0;
  } else {
    const end = readGroups(text, gap + 2, text.length, head);
    if (end < 0 || end === 8) return 0;
    const tail = end - head;
    for (let k = 1; k <= tail; k++) WORDS[8 - k] = WORDS[end - k];
    WORDS.fill(0, head, 8 - tail);
  }
  // Java turns IPv4-mapped IPv6 addresses (::ffff:a.b.c.d) into plain IPv4 addresses.
  const mapped = WORDS[0] === 0 && WORDS[1] === 0 && WORDS[2] === 0 && WORDS[3] === 0 && WORDS[4] === 0;
  if (mapped && WORDS[5] === 0xffff) {
    BYTES[0] = WORDS[6] >> 8;
    BYTES[1] = WORDS[6] & 0xff;
    BYTES[2] = WORDS[7] >> 8;
    BYTES[3] = WORDS[7] & 0xff;
    return 4;
  }
  for (let k = 0; k < 8; k++) {
    BYTES[2 * k] = WORDS[k] >> 8;
    BYTES[2 * k + 1] = WORDS[k] & 0xff;
  }
  return 16;
}

/** Reads colon-separated groups of text[from, to) into WORDS from index `at`; the new count or -1. */
function readGroups(text: string, from: number, to: number, at: number): number {
  if (from === to) return at;
  let value = 0;
  let digits = 0;
  for (let i = from; i <= to; i++) {
    const c = i < to ? text.charCodeAt(i) : 58; // a colon after the last group
    if (c === 58) {
      if (digits === 0 || at === 8) return -1;
      WORDS[at++] = value;
      value = 0;
      digits = 0;
      continue;
    }
    const digit =
      c >= 48 && c <= 57 ? c - 48 : c >= 65 && c <= 70 ? c - 55 : c >= 97 && c <= 102 ? c - 87 : -1;
    if (digit < 0 || digits === 4) return -1;
    value = value * 16 + digit;
    digits++;
  }
  return at;
}

/** An inclusive address range; the string compare of equal-width hex is the numeric compare. */
export interface AddressRange {
  readonly low: string;
  readonly high: string;
}

/**
 * Parses `address/bits`. Throws a plain Error whose message is event-ruler's wording; note that
 * event-ruler rejects `/32` for IPv4 and `/128` for IPv6 (a bare address string matches one
 * address instead). The base address is masked, so `10.0.0.7/24` means `10.0.0.0`–`10.0.0.255`.
 */
export function parseCidr(text: string): AddressRange {
  // Java's String.split drops trailing empty pieces, so "10.0.0.0/" has one piece.
  const pieces = text.split('/');
  while (pieces.length > 0 && pieces[pieces.length - 1] === '') pieces.pop();
  if (pieces.length !== 2) throw new Error("Malformed CIDR, one '/' required");
  if (!/^[+-]?\d{1,10}$/.test(pieces[1]) || Math.abs(Number(pieces[1])) > 2147483647) {
    throw new Error('Malformed CIDR, mask bits must be an integer');
  }
  const bits = Number(pieces[1]);
  if (bits < 0) throw new Error('Malformed CIDR, mask bits must not be negative');
  const address = pieces[0];
  if (!looksLikeIp(address)) throw new Error(`Nonstandard IP address: ${address}`);
  const length = parseIp(address);
  if (length === 0) throw new Error(`Invalid IP address: ${address}`);
  const bytes = Array.from(BYTES.subarray(0, length));
  if (bytes.length === 4 && bits > 31) throw new Error('IPv4 mask bits must be < 32');
  if (bytes.length === 16 && bits > 127) throw new Error('IPv6 mask bits must be < 128');
  const low = bytes.map((b, i) => b & byteMask(bits, i));
  const high = bytes.map((b, i) => (b | ~byteMask(bits, i)) & 0xff);
  return { low: toHex(low), high: toHex(high) };
}

function toHex(bytes: readonly number[]): string {
  return String.fromCharCode(...bytes.flatMap((b) => [HIGH_DIGIT[b], LOW_DIGIT[b]]));
}

/** The network-part mask of byte `index` for a prefix of `bits` bits. */
function byteMask(bits: number, index: number): number {
  const inByte = Math.min(Math.max(bits - index * 8, 0), 8);
  return (0xff << (8 - inByte)) & 0xff;
}
