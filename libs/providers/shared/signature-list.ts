import { decodeDigest, digestLength, type DigestEncoding, type HmacAlgorithm } from './crypto.js';

/**
 * Decodes a header holding one or more `<prefix><digest>` signatures, separated by commas or
 * spaces (a repeated header arrives joined with ", "). The prefix match ignores case. Returns
 * `undefined` when any entry is malformed: missing prefix, bad encoding, or wrong digest length.
 */
export function decodePrefixedDigests(
  value: string,
  prefix: string,
  encoding: DigestEncoding,
  algorithm: HmacAlgorithm,
): Buffer[] | undefined {
  const entries = value.split(/[\s,]+/).filter((entry) => entry !== '');
  if (entries.length === 0) return undefined;
  const digests: Buffer[] = [];
  for (const entry of entries) {
    if (!entry.toLowerCase().startsWith(prefix.toLowerCase())) return undefined;
    const digest = decodeDigest(entry.slice(prefix.length), encoding);
    if (!digest || digest.length !== digestLength(algorithm)) return undefined;
    digests.push(digest);
  }
  return digests;
}
