import { z } from 'zod';
import { genericEnvelopeFields, headerName, optionsReader, toleranceSeconds } from '../shared/options.js';
import { DEFAULT_TOLERANCE_SECONDS } from '../shared/timestamp.js';

/** Placeholders a `signedContent` template may use. */
const PLACEHOLDER = /\{([^{}]*)\}/g;
const KNOWN_PLACEHOLDERS = new Set(['body', 'timestamp', 'id']);

/**
 * Options of the generic `hmac` scheme. Output is plain JSON with defaults filled in, so what is
 * stored is exactly what verification uses.
 */
export const hmacOptionsSchema = z
  .strictObject({
    header: headerName.default('x-signature'),
    /** Text before the digest; defaults to `<algorithm>=`, e.g. `sha256=`. Use '' for none. */
    prefix: z
      .string()
      .max(64)
      .regex(/^[^\s,]*$/, 'must not contain spaces or commas')
      .optional(),
    algorithm: z.enum(['sha1', 'sha256', 'sha512']).default('sha256'),
    encoding: z.enum(['hex', 'base64', 'base64url']).default('hex'),
    /** What is signed: `{body}` (once), optionally `{timestamp}` and `{id}`, with literal text. */
    signedContent: z.string().min(1).max(256).default('{body}'),
    timestampHeader: headerName.optional(),
    /** Replay window for `timestampHeader`, both directions; 0 switches it off. Default 300. */
    toleranceSeconds: toleranceSeconds(0).optional(),
    ...genericEnvelopeFields,
  })
  .superRefine((o, ctx) => {
    const names = [...o.signedContent.matchAll(PLACEHOLDER)].map((m) => m[1]);
    const unknown = names.find((n) => !KNOWN_PLACEHOLDERS.has(n));
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (unknown !== undefined) {
      issue('signedContent', `unknown placeholder {${unknown}}; use {body}, {timestamp} or {id}`);
    } else if (names.filter((n) => n === 'body').length !== 1) {
      issue('signedContent', 'must contain {body} exactly once');
    } else if (names.includes('timestamp') && !o.timestampHeader) {
      issue('timestampHeader', 'is required when signedContent uses {timestamp}');
    } else if (names.includes('id') && !o.idHeader) {
      issue('idHeader', 'is required when signedContent uses {id}');
    }
    if (o.toleranceSeconds !== undefined && !o.timestampHeader) {
      issue('toleranceSeconds', 'needs timestampHeader');
    }
  })
  .transform((o) => ({
    ...o,
    prefix: o.prefix ?? `${o.algorithm}=`,
    toleranceSeconds: o.timestampHeader ? (o.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS) : undefined,
  }));

export type HmacOptions = z.output<typeof hmacOptionsSchema>;

export const hmacOptions = optionsReader('hmac', hmacOptionsSchema);

export type TemplatePart = { literal: string } | { field: 'body' | 'timestamp' | 'id' };

/** Splits a validated template into literal text and placeholder names. */
export function templateParts(template: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    if (match.index > last) parts.push({ literal: template.slice(last, match.index) });
    parts.push({ field: match[1] as 'body' | 'timestamp' | 'id' });
    last = match.index + match[0].length;
  }
  if (last < template.length) parts.push({ literal: template.slice(last) });
  return parts;
}
