import { parse, stringify } from 'node:querystring';

/**
 * The URL variants Twilio may have signed, as twilio-node's `validateRequest` tries them. First the
 * URL as received, with and without the port, because "signature generation on the back end is
 * inconsistent". Then, when they differ, the URL as `new URL()` normalizes it and with its query
 * re-encoded by the legacy `querystring` module, for back ends that signed an escaped form of a
 * query value (`%27` for `'`, `%20` for a space). Equal variants are tried once.
 */
export function urlCandidates(url: string): string[] {
  const candidates = new Set(portVariants(url));
  const normalized = normalizedUrl(url);
  if (normalized !== undefined) {
    for (const variant of portVariants(normalized)) {
      candidates.add(variant);
      candidates.add(withLegacyQuerystring(variant));
    }
  }
  return [...candidates];
}

/** The URL without its port, and with the scheme's default port when it has none. */
function portVariants(url: string): string[] {
  const match = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)/i.exec(url);
  if (!match) return [url];
  const [prefix, scheme, authority] = match;
  const at = authority.lastIndexOf('@');
  const userInfo = authority.slice(0, at + 1);
  const hostPort = authority.slice(at + 1);
  // A colon starts the port only after the closing bracket of an IPv6 literal.
  const colon = hostPort.indexOf(':', hostPort.lastIndexOf(']') + 1);
  const host = colon === -1 ? hostPort : hostPort.slice(0, colon);
  const rest = url.slice(prefix.length);
  const defaultPort = scheme.toLowerCase() === 'https://' ? ':443' : ':80';
  const withoutPort = scheme + userInfo + host + rest;
  const withPort = colon === -1 ? scheme + userInfo + host + defaultPort + rest : url;
  return withoutPort === withPort ? [url] : [withoutPort, withPort];
}

function normalizedUrl(url: string): string | undefined {
  try {
    return new URL(url).toString();
  } catch {
    return undefined;
  }
}

/** The query decoded and encoded again by `querystring`, as twilio-node's fallback does. */
function withLegacyQuerystring(url: string): string {
  const queryStart = url.indexOf('?');
  if (queryStart === -1 || queryStart === url.length - 1) return url;
  return `${url.slice(0, queryStart)}?${stringify(parse(url.slice(queryStart + 1)))}`;
}
