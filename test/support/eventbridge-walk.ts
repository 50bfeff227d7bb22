import assert from 'node:assert/strict';

/** One page of a list operation, as the SDK answers it: the list member and `NextToken`. */
export interface OperationPage<T> {
  items?: T[];
  next?: string;
}

/**
 * Every page of a list operation walked with `limit`, the NextToken of each page sent with the next
 * request: the items in the order the pages gave them. Every page before the last is full (filters
 * apply before paging) and only the last has no NextToken.
 */
export async function walkPages<T>(
  limit: number,
  page: (nextToken: string | undefined) => Promise<OperationPage<T>>,
): Promise<T[]> {
  const seen: T[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const p = await page(token);
    const items = p.items ?? [];
    assert.ok(items.length <= limit, `a page of ${items.length} with Limit ${limit}`);
    if (p.next !== undefined) assert.equal(items.length, limit, 'a page followed by another is full');
    seen.push(...items);
    token = p.next;
    assert.ok(++pages <= 1_000, 'the walk ends');
  } while (token);
  return seen;
}

/** Code-point order, the order every list gives names in (README, "Lists and pagination"). */
export const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** `names` in list order. */
export const sorted = (names: readonly string[]): string[] => [...names].sort(cmp);

/** The walk gave each expected item once, in list order, and nothing else. */
export function assertEveryOnceInOrder(walked: readonly string[], expected: readonly string[], what: string) {
  assert.equal(new Set(walked).size, walked.length, `${what}: no item twice`);
  assert.deepEqual(walked, sorted(expected), what);
}
