/**
 * Evaluates a target's `orderingKey` path (`$.detail.orderId`, `$.resources[0]`) on the event and
 * returns the value as JSON text, or null when the path is absent (the delivery is then unordered).
 */
export function orderingKeyOf(event: unknown, path: string): string | null {
  let node: unknown = event;
  for (const [, name, index] of path.slice(1).matchAll(/\.([A-Za-z0-9_-]+)|\[(\d+)\]/g)) {
    if (node === null || typeof node !== 'object') return null;
    node = name !== undefined ? (node as Record<string, unknown>)[name] : (node as unknown[])[Number(index)];
  }
  return node === undefined || node === null ? null : JSON.stringify(node);
}
