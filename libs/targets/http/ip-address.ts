import { isIPv4, isIPv6 } from 'node:net';

/**
 * IP addresses as bytes (4 for IPv4, 16 for IPv6) and CIDR blocks over them. Working on bytes
 * rather than strings is what lets the SSRF guard see through the many spellings of one address
 * (`::ffff:127.0.0.1`, `::ffff:7f00:1`, `[::1]`, `fe80::1%eth0`).
 */

export interface Cidr {
  readonly text: string;
  readonly bytes: Uint8Array;
  readonly prefix: number;
}

/** Bytes of an IPv4 or IPv6 address (brackets and an IPv6 zone id are ignored), or undefined. */
export function parseIp(text: string): Uint8Array | undefined {
  let address = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  const zone = address.indexOf('%');
  if (zone >= 0) address = address.slice(0, zone);
  if (isIPv4(address)) return Uint8Array.from(address.split('.').map(Number));
  if (isIPv6(address)) return parseIpv6(address);
  return undefined;
}

function parseIpv6(address: string): Uint8Array {
  const groups = (part: string): number[] =>
    part === ''
      ? []
      : part.split(':').flatMap((g) => {
          if (!g.includes('.')) return [parseInt(g, 16)];
          const [a, b, c, d] = g.split('.').map(Number);
          return [(a << 8) | b, (c << 8) | d];
        });
  const [head, tail] = address.split('::');
  const front = groups(head);
  const back = tail === undefined ? [] : groups(tail);
  const all = [...front, ...new Array<number>(8 - front.length - back.length).fill(0), ...back];
  const bytes = new Uint8Array(16);
  all.forEach((group, i) => {
    bytes[i * 2] = group >> 8;
    bytes[i * 2 + 1] = group & 0xff;
  });
  return bytes;
}

/** Parses `a.b.c.d/n`, `x::y/n`, or a bare address (a single-address block). Throws RangeError. */
export function parseCidr(text: string): Cidr {
  const [address, prefixText, extra] = text.trim().split('/');
  const bytes = parseIp(address);
  if (!bytes || extra !== undefined) throw new RangeError(`invalid CIDR block: "${text}"`);
  const bits = bytes.length * 8;
  const prefix = prefixText === undefined ? bits : Number(prefixText);
  if (!/^\d+$/.test(prefixText ?? '0') || prefix > bits)
    throw new RangeError(`invalid CIDR prefix: "${text}"`);
  return { text, bytes, prefix };
}

/** Whether `address` (same family as the block) lies inside `cidr`. */
export function cidrContains(cidr: Cidr, address: Uint8Array): boolean {
  if (cidr.bytes.length !== address.length) return false;
  let remaining = cidr.prefix;
  for (let i = 0; remaining > 0; i++, remaining -= 8) {
    const mask = remaining >= 8 ? 0xff : (0xff << (8 - remaining)) & 0xff;
    if ((cidr.bytes[i] & mask) !== (address[i] & mask)) return false;
  }
  return true;
}

/**
 * The IPv4 address carried inside an IPv6 one by the forms that route to it: IPv4-mapped
 * (`::ffff:0:0/96`), IPv4-translated (`::ffff:0:0:0/96`), NAT64 (`64:ff9b::/96`) and 6to4
 * (`2002::/16`).
 */
export function embeddedIpv4(address: Uint8Array): Uint8Array | undefined {
  if (address.length !== 16) return undefined;
  const embedding = IPV4_EMBEDDINGS.find(([cidr]) => cidrContains(cidr, address));
  return embedding ? address.slice(embedding[1], embedding[1] + 4) : undefined;
}

/** Prefix → byte offset of the embedded IPv4 address. */
const IPV4_EMBEDDINGS: readonly (readonly [Cidr, number])[] = [
  [parseCidr('::ffff:0:0/96'), 12],
  [parseCidr('::ffff:0:0:0/96'), 12],
  [parseCidr('64:ff9b::/96'), 12],
  [parseCidr('2002::/16'), 2],
];

/** Canonical text of an address, for messages. */
export function formatIp(address: Uint8Array): string {
  if (address.length === 4) return address.join('.');
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((address[i] << 8) | address[i + 1]).toString(16));
  return groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::');
}
