import { formFields, isJsonObject, parseJson } from './body.js';
import { isFormMediaType } from './request.js';

/**
 * The one body → `detail` rule every normalizer uses (see `NormalizedWebhook.detailJson`):
 * - a JSON object body is passed through as its own text, so number text like `300.0` survives;
 * - other JSON (array, string, number, …) becomes `{"value": <the same text>}`;
 * - a form-encoded body becomes a JSON object of its fields (repeated fields as arrays);
 * - anything else (binary, invalid UTF-8, plain text) becomes `{"raw": "<base64 of the bytes>"}`.
 */
export function toDetailJson(rawBody: Buffer, contentType: string): string {
  if (isFormMediaType(contentType)) return JSON.stringify(formFields(rawBody));
  const parsed = parseJson(rawBody);
  if (parsed) {
    const text = parsed.text.trim();
    return isJsonObject(parsed.value) ? text : `{"value":${text}}`;
  }
  return JSON.stringify({ raw: rawBody.toString('base64') });
}

/** As `toDetailJson`, for a body that arrived as text inside another body (Slack's `payload=`). */
export function textToDetailJson(text: string): string {
  return toDetailJson(Buffer.from(text, 'utf8'), 'application/json');
}
