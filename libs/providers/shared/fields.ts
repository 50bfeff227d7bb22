import { createHash } from 'node:crypto';

/**
 * Small, total helpers that turn provider fields of unknown shape into envelope values. None of
 * them throws, whatever they are given.
 */

/** EventBridge caps `detail-type` at 128 characters. */
const MAX_DETAIL_TYPE = 128;
/** Dedup keys longer than this are replaced by their hash, to keep index entries small. */
const MAX_DEDUP_KEY = 256;

/**
 * `value` when it is a non-blank string (truncated to 128 chars), else `fallback`. The cut never
 * splits a surrogate pair: half an emoji would be a lone surrogate, which the envelope carries as an
 * escape many JSON parsers refuse, and PostgreSQL stores as U+FFFD in `detail_type`.
 */
export function detailType(value: unknown, fallback: string): string {
  if (typeof value !== 'string') return fallback;
  const trimmed = value.trim();
  if (trimmed === '') return fallback;
  if (trimmed.length <= MAX_DETAIL_TYPE) return trimmed;
  const cut = isHighSurrogate(trimmed.charCodeAt(MAX_DETAIL_TYPE - 1))
    ? MAX_DETAIL_TYPE - 1
    : MAX_DETAIL_TYPE;
  return trimmed.slice(0, cut);
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** A dedup key from a provider id (string or number), or `undefined`. */
export function dedupValue(value: unknown): string | undefined {
  const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
  if (typeof text !== 'string') return undefined;
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  return trimmed.length <= MAX_DEDUP_KEY ? trimmed : `sha256:${sha256Hex(trimmed)}`;
}

/**
 * The fallback dedup key when a provider sends no delivery id: the SHA-256 of the raw body, hex.
 * Identical bodies are then treated as one delivery.
 */
export function bodyHashDedupKey(rawBody: Buffer): string {
  return sha256Hex(rawBody);
}

function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** A date from Unix seconds (number or digit string), or `undefined`. */
export function dateFromUnixSeconds(value: unknown): Date | undefined {
  const seconds = typeof value === 'string' && /^\d{1,12}(\.\d+)?$/.test(value) ? Number(value) : value;
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds <= 0) return undefined;
  return validDate(new Date(seconds * 1000));
}

/** A date from an ISO-8601 string, or `undefined`. */
export function dateFromIso(value: unknown): Date | undefined {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(value.trim())) return undefined;
  return validDate(new Date(value.trim()));
}

function validDate(date: Date): Date | undefined {
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** Nested property access that never throws: `path(obj, 'data', 'object', 'id')`. */
export function path(value: unknown, ...keys: string[]): unknown {
  let current = value;
  for (const key of keys) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
    if (!Object.prototype.hasOwnProperty.call(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** The non-blank strings among `values`, de-duplicated, in order. */
export function resourceList(...values: unknown[]): string[] {
  const out: string[] = [];
  for (const value of values) {
    if (typeof value === 'string' && value.trim() !== '' && !out.includes(value.trim())) {
      out.push(value.trim());
    }
  }
  return out;
}
