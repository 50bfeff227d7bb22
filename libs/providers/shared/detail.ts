import { MAX_EVENT_DEPTH } from '#libs/event-pattern';
import { formFields, isJsonObject, parseJson } from './body.js';
import { nestsDeeperThan } from './json-depth.js';
import { isFormMediaType } from './request.js';

/**
 * How deep an event's `detail` may nest: the envelope object around it is one more level, and the
 * pattern matcher reads events at most MAX_EVENT_DEPTH levels deep.
 */
export const MAX_DETAIL_DEPTH = MAX_EVENT_DEPTH - 1;

/**
 * The one body → `detail` rule every normalizer uses (see `NormalizedWebhook.detailJson`):
 * - a JSON object body is passed through as its own text, so number text like `300.0` survives;
 * - other JSON (array, string, number, …) becomes `{"value": <the same text>}`;
 * - a form-encoded body becomes a JSON object of its fields (repeated fields as arrays);
 * - anything else (binary, invalid UTF-8, plain text) becomes `{"raw": "<base64 of the bytes>"}`,
 *   and so does JSON nesting deeper than MAX_DETAIL_DEPTH, which the matcher could not read: the
 *   event then routes on its envelope like any other opaque body.
 */
export function toDetailJson(rawBody: Buffer, contentType: string): string {
  if (isFormMediaType(contentType)) return JSON.stringify(formFields(rawBody));
  const parsed = parseJson(rawBody);
  if (parsed) {
    const text = parsed.text.trim();
    const detail = isJsonObject(parsed.value) ? text : `{"value":${text}}`;
    if (!detailNestsTooDeep(detail)) return detail;
  }
  return JSON.stringify({ raw: rawBody.toString('base64') });
}

/** Whether `detail` JSON text nests deeper than MAX_DETAIL_DEPTH (PutEvents refuses such entries). */
export function detailNestsTooDeep(detailJson: string): boolean {
  return nestsDeeperThan(detailJson, MAX_DETAIL_DEPTH);
}

/** As `toDetailJson`, for a body that arrived as text inside another body (Slack's `payload=`). */
export function textToDetailJson(text: string): string {
  return toDetailJson(Buffer.from(text, 'utf8'), 'application/json');
}
