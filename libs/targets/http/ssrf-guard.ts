import { lookup as dnsLookup } from 'node:dns';
import type { LookupAddress, LookupOptions } from 'node:dns';
import { type Cidr, cidrContains, embeddedIpv4, formatIp, parseCidr, parseIp } from './ip-address.js';

/**
 * Addresses a partner-configured URL must not reach: this host, the private network, link-local
 * (which includes the cloud metadata endpoint 169.254.169.254) and addresses that are not unicast.
 */
const BLOCKED_RANGES: readonly Cidr[] = [
  '0.0.0.0/8', // "this network", including the unspecified 0.0.0.0
  '10.0.0.0/8',
  '100.64.0.0/10', // carrier-grade NAT
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '224.0.0.0/4', // multicast
  '240.0.0.0/4', // reserved, including broadcast 255.255.255.255
  '::/96', // unspecified ::, loopback ::1 and the deprecated IPv4-compatible form
  // Local-use NAT64 (RFC 8215): translated to IPv4 by a gateway of the local network, with the IPv4
  // address at a place that depends on the prefix length, so the whole block is refused.
  '64:ff9b:1::/48',
  // Teredo: the client's IPv4 address is carried obfuscated; nothing legitimate is served there.
  '2001::/32',
  'fc00::/7', // unique local
  'fe80::/10', // link-local
  'fec0::/10', // deprecated site-local
  'ff00::/8', // multicast
].map(parseCidr);

export type AddressVerdict =
  { readonly allowed: true } | { readonly allowed: false; readonly reason: string };

/** Raised through the socket when every address of a host is refused; `code` is `SSRF_BLOCKED`. */
export class SsrfBlockedError extends Error {
  override readonly name = 'SsrfBlockedError';
  readonly code = 'SSRF_BLOCKED';
}

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * Decides which addresses outbound deliveries may connect to. The check runs on the address the
 * socket actually connects to (through {@link SsrfGuard.lookup}), so a name that resolves to a public
 * address when the target is saved and to 127.0.0.1 later (DNS rebinding) is still refused.
 */
export class SsrfGuard {
  private readonly allowed: readonly Cidr[];

  /** @param allowedCidrs operator allowlist; addresses inside it are reachable even if private. */
  constructor(allowedCidrs: readonly string[] = []) {
    this.allowed = allowedCidrs.map(parseCidr);
  }

  /** Whether a connection to this literal address is permitted. Anything not an IP is refused. */
  check(address: string): AddressVerdict {
    const bytes = parseIp(address);
    if (!bytes) return { allowed: false, reason: `"${address}" is not an IP address` };
    // Check the IPv4 address an IPv6 form routes to as well, so ::ffff:127.0.0.1 counts as 127.0.0.1.
    const forms = [bytes, embeddedIpv4(bytes)].filter((b): b is Uint8Array => b !== undefined);
    if (forms.some((form) => this.allowed.some((cidr) => cidrContains(cidr, form)))) return { allowed: true };
    for (const form of forms) {
      const range = BLOCKED_RANGES.find((cidr) => cidrContains(cidr, form));
      if (range) return { allowed: false, reason: `${formatIp(bytes)} is in blocked range ${range.text}` };
    }
    return { allowed: true };
  }

  /**
   * A drop-in for `dns.lookup` to pass as the `lookup` option of `http.request`: resolves every
   * address, keeps the permitted ones and fails with {@link SsrfBlockedError} when none remain.
   */
  readonly lookup = (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      const verdicts = addresses.map((a) => ({ ...a, verdict: this.check(a.address) }));
      const permitted = verdicts
        .filter((a) => a.verdict.allowed)
        .map(({ address, family }) => ({ address, family }));
      if (permitted.length === 0) {
        const reasons = verdicts.map((a) => (a.verdict.allowed ? '' : a.verdict.reason)).join('; ');
        return callback(new SsrfBlockedError(`refusing to connect to ${hostname}: ${reasons}`), []);
      }
      if (options.all) return callback(null, permitted);
      callback(null, permitted[0].address, permitted[0].family);
    });
  };
}
