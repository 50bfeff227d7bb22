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

/** Canonical hex of an IP literal, or undefined when the text is not a valid literal. */
export function ipToHex(text: string): string | undefined {
  const bytes = ipBytes(text);
  return bytes && toHex(bytes);
}

function ipBytes(text: string): number[] | undefined {
  if (IPV4_SHAPE.test(text)) return ipv4Bytes(text);
  if (IPV6_SHAPE.test(text)) return ipv6Bytes(text);
  return undefined;
}

// Octets are read as decimal even with leading zeros (`010` is ten), as Java's parser does.
// The shape regex has already guaranteed four dot-separated runs of digits.
function ipv4Bytes(text: string): number[] | undefined {
  const bytes = [0, 0, 0, 0];
  let octet = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) octet++;
    else if ((bytes[octet] = bytes[octet] * 10 + (c - 48)) > 255) return undefined;
  }
  return bytes;
}

function ipv6Bytes(text: string): number[] | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (half: string): number[] | undefined => {
    if (half === '') return [];
    const parts = half.split(':');
    if (parts.some((p) => !/^[0-9a-fA-F]{1,4}$/.test(p))) return undefined;
    return parts.map((p) => parseInt(p, 16));
  };
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const words = [...head, ...new Array<number>(missing).fill(0), ...tail];
  const bytes = words.flatMap((w) => [w >> 8, w & 0xff]);
  // Java turns IPv4-mapped IPv6 addresses (::ffff:a.b.c.d) into plain IPv4 addresses.
  const mapped = bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  return mapped ? bytes.slice(12) : bytes;
}

function toHex(bytes: readonly number[]): string {
  let out = '';
  for (const b of bytes) out += (b < 16 ? '0' : '') + b.toString(16).toUpperCase();
  return out;
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
  const bytes = ipBytes(address);
  if (!bytes) throw new Error(`Invalid IP address: ${address}`);
  if (bytes.length === 4 && bits > 31) throw new Error('IPv4 mask bits must be < 32');
  if (bytes.length === 16 && bits > 127) throw new Error('IPv6 mask bits must be < 128');
  const low = bytes.map((b, i) => b & byteMask(bits, i));
  const high = bytes.map((b, i) => (b | ~byteMask(bits, i)) & 0xff);
  return { low: toHex(low), high: toHex(high) };
}

/** The network-part mask of byte `index` for a prefix of `bits` bits. */
function byteMask(bits: number, index: number): number {
  const inByte = Math.min(Math.max(bits - index * 8, 0), 8);
  return (0xff << (8 - inByte)) & 0xff;
}
