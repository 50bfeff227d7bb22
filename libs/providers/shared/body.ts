/**
 * Body parsing shared by verifiers, dedup and normalizers. Parses are memoised per body buffer,
 * because dedupKey and normalize both look at the same JSON.
 */
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** The body as text when it is valid UTF-8 (a leading BOM dropped), else `undefined`. */
export function bodyText(rawBody: Buffer): string | undefined {
  try {
    return utf8.decode(rawBody);
  } catch {
    return undefined;
  }
}

const NOT_JSON = Symbol('not-json');
const jsonCache = new WeakMap<Buffer, unknown>();

/** The parsed JSON body, or `undefined` if the body is not valid UTF-8 JSON. */
export function parseJson(rawBody: Buffer): { value: unknown; text: string } | undefined {
  const text = bodyText(rawBody);
  if (text === undefined) return undefined;
  let value = jsonCache.get(rawBody);
  if (value === undefined) {
    value = NOT_JSON;
    try {
      value = JSON.parse(text) as unknown;
    } catch {
      // not JSON; remembered as such
    }
    jsonCache.set(rawBody, value);
  }
  return value === NOT_JSON ? undefined : { value, text };
}

export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The body when it is a JSON object, else `undefined`. */
export function jsonObjectBody(rawBody: Buffer): JsonObject | undefined {
  const parsed = parseJson(rawBody);
  return parsed && isJsonObject(parsed.value) ? parsed.value : undefined;
}

/**
 * A form-encoded body as an object: one string per field, or an array when the field repeats.
 * Built with `Object.fromEntries` so a field called `__proto__` stays an ordinary property.
 */
export function formFields(rawBody: Buffer): Record<string, string | string[]> {
  const grouped = new Map<string, string[]>();
  for (const [key, value] of new URLSearchParams(rawBody.toString('utf8'))) {
    const list = grouped.get(key);
    if (list) list.push(value);
    else grouped.set(key, [value]);
  }
  return Object.fromEntries(
    [...grouped].map(([key, values]) => [key, values.length === 1 ? values[0] : values]),
  );
}

/** One form field's first value. */
export function formField(fields: Record<string, string | string[]>, name: string): string | undefined {
  if (!Object.prototype.hasOwnProperty.call(fields, name)) return undefined;
  const value = fields[name];
  return Array.isArray(value) ? value[0] : value;
}
