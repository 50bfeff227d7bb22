import assert from 'node:assert/strict';
import type { Harness } from './harness.js';
import type { Item } from './list-cases.js';

export type Query = Record<string, string | number>;

/** Where a list is and who reads it. */
export interface ListRef {
  path: string;
  auth: Record<string, string>;
  /** Named in failures. */
  what: string;
}

/** One page of a REST list: `{items}` or `{items, nextToken}` with a non-empty token, nothing else. */
export async function listPage(
  h: Harness,
  l: ListRef,
  query: Query,
): Promise<{ items: Item[]; next?: string }> {
  const res = await h.http().get(l.path).query(query).set(l.auth);
  assert.equal(res.status, 200, `${l.what} ${JSON.stringify(query)}: ${res.text}`);
  const keys = Object.keys(res.body).sort().join(',');
  assert.ok(['items', 'items,nextToken'].includes(keys), `${l.what}: answer members ${keys}`);
  if ('nextToken' in res.body) assert.ok(typeof res.body.nextToken === 'string' && res.body.nextToken);
  return { items: res.body.items as Item[], next: res.body.nextToken as string | undefined };
}

/** Every page of the list with the query's `limit` (at most that many each), `between` after the first. */
export async function walkList(
  h: Harness,
  l: ListRef,
  query: Query,
  between?: (firstPage: Item[]) => Promise<void>,
): Promise<Item[]> {
  const seen: Item[] = [];
  let next: string | undefined;
  let pages = 0;
  do {
    const p = await listPage(h, l, { ...query, ...(next ? { nextToken: next } : {}) });
    assert.ok(p.items.length <= Number(query.limit ?? 100), `${l.what}: a page of ${p.items.length}`);
    seen.push(...p.items);
    next = p.next;
    if (pages++ === 0 && between) await between([...seen]);
    assert.ok(pages < 200, `${l.what}: the walk ends`);
  } while (next);
  return seen;
}
