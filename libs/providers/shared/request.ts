import type { WebhookRequest } from '../provider.js';

/** A header's trimmed value, or `undefined` when absent or blank. `name` must be lower-case. */
export function header(request: WebhookRequest, name: string): string | undefined {
  const value: unknown = Object.prototype.hasOwnProperty.call(request.headers, name)
    ? request.headers[name]
    : undefined;
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** The first header among `names` that is present, with the name it was found under. */
export function firstHeader(
  request: WebhookRequest,
  names: readonly string[],
): { name: string; value: string } | undefined {
  for (const name of names) {
    const value = header(request, name);
    if (value !== undefined) return { name, value };
  }
  return undefined;
}

/** The media type without parameters, lower-cased (`''` when absent). */
export function mediaType(request: WebhookRequest): string {
  return (header(request, 'content-type') ?? '').split(';')[0].trim().toLowerCase();
}

export function isFormMediaType(type: string): boolean {
  return type === 'application/x-www-form-urlencoded';
}

/** The request URL parsed, or `undefined` when it is not an absolute URL. */
export function parseUrl(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}
