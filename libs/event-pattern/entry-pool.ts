/**
 * All anchor entries of a compiled matcher in one Int32Array. An index stores a list of entries
 * as a single small integer, the list's offset in the pool, instead of an array object of its
 * own: with thousands of rules those little arrays are scattered over the heap, and each lookup
 * that found one paid a cache miss for the array header and another for its elements.
 *
 * An entry is `[branch, secondary path, secondary value]` (see secondary-filter.ts). A list's
 * entries are sorted by secondary path and value and grouped by path, so that a long list (many
 * branches anchored on one common value) can jump to the entries whose secondary value the event
 * has instead of testing each. A list at offset `at` is
 * `[n, g, path₁, end₁, …, path_g, end_g, then n entry triples]`: group k holds entries
 * [end_{k-1}, end_k) (counted from 0) with secondary path path_k; NO_SECONDARY sorts first.
 */

/** An anchor entry while the matcher is being built. */
export type Entry = readonly [branch: number, path: number, value: number];

/** Offset of a list in the pool; reported by the indexes to their Sink. */
export type ListOffset = number;

/** Stands for "no list" where an offset is stored in a typed array or field. */
export const NO_LIST = -1;

/** Receives the offset of a list of entries that may match; the compiler filters and dedupes. */
export type Sink = (at: ListOffset) => void;

export class EntryPool {
  private readonly building: number[] = [];
  private sealed: Int32Array | undefined;

  /** Appends a list of flat entry triples; returns its offset. */
  add(triples: readonly number[]): ListOffset {
    if (this.sealed !== undefined) throw new Error('EntryPool is sealed');
    const entries: Entry[] = [];
    for (let i = 0; i < triples.length; i += 3) entries.push([triples[i], triples[i + 1], triples[i + 2]]);
    entries.sort((a, b) => a[1] - b[1] || a[2] - b[2] || a[0] - b[0]);
    const groups: number[] = [];
    entries.forEach(([, path], i) => {
      if (i === 0 || path !== entries[i - 1][1]) groups.push(path, i + 1);
      else groups[groups.length - 1] = i + 1;
    });
    const at = this.building.length;
    this.building.push(entries.length, groups.length / 2, ...groups);
    for (const entry of entries) this.building.push(...entry);
    return at;
  }

  /**
   * The packed pool; no lists can be added afterwards. `rename`, if given, replaces each
   * entry's branch id `b` by `rename[b]` (the branch's record offset, branch-table.ts).
   */
  seal(rename?: Int32Array): Int32Array {
    if (this.sealed !== undefined) return this.sealed;
    const pool = Int32Array.from(this.building);
    for (let at = 0; at < pool.length;) {
      const first = at + 2 + 2 * pool[at + 1];
      const end = first + 3 * pool[at];
      if (rename !== undefined) for (let i = first; i < end; i += 3) pool[i] = rename[pool[i]];
      at = end;
    }
    return (this.sealed = pool);
  }
}
