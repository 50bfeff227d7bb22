/**
 * A cheap second test applied to each candidate before it is verified. Many rules of one bus
 * share their most selective value with a few others but differ in a second exact value (say,
 * the same `detail.vendor` for many partners' `source`). Each branch may name one such exact
 * string condition; its value is interned to a small integer at compile time and stored next to
 * the branch id in the anchor indexes, so rejecting a candidate never touches the branch's own
 * objects, which with thousands of rules are rarely in the CPU cache.
 */
import type { FlatEvent } from './event-flattener.js';

/** Secondary path id of an entry without a secondary condition. */
export const NO_SECONDARY = -1;
/** valueAt: the event has no string leaf with an interned value at the path. */
export const NONE = -1;
/** valueAt: the event has several leaves at the path; ask `has` per value. */
export const MANY = -2;

export class SecondaryFilter {
  private readonly valueIds: Array<Map<string, number> | undefined> = [];
  private readonly stamp: Int32Array;
  /** Per path, for the current event: the interned value, NONE, or MANY (several leaves). */
  private readonly eventValue: Int32Array;
  private flat: FlatEvent | undefined;
  private epoch = 0;

  constructor(pathCount: number) {
    this.stamp = new Int32Array(pathCount);
    this.eventValue = new Int32Array(pathCount);
  }

  /** The small integer standing for `value` at `pathId`. */
  intern(pathId: number, value: string): number {
    const ids = (this.valueIds[pathId] ??= new Map());
    let interned = ids.get(value);
    if (interned === undefined) ids.set(value, (interned = ids.size));
    return interned;
  }

  /** Starts a new event; `epoch` must differ from the previous call's. */
  begin(flat: FlatEvent, epoch: number): void {
    this.flat = flat;
    this.epoch = epoch;
    if (epoch === 1) this.stamp.fill(0);
  }

  /** The interned value of the event's one leaf at `pathId`, or NONE, or MANY. */
  valueAt(pathId: number): number {
    if (this.stamp[pathId] !== this.epoch) this.load(pathId);
    return this.eventValue[pathId];
  }

  /** Whether some string leaf at `pathId` equals the interned `value`. */
  has(pathId: number, value: number): boolean {
    if (this.stamp[pathId] !== this.epoch) this.load(pathId);
    const current = this.eventValue[pathId];
    if (current !== MANY) return current === value;
    const ids = this.valueIds[pathId] as Map<string, number>;
    for (const leaf of (this.flat as FlatEvent).leaves[pathId]) {
      if (leaf.kind === 'string' && ids.get(leaf.text) === value) return true;
    }
    return false;
  }

  private load(pathId: number): void {
    const leaves = (this.flat as FlatEvent).leaves[pathId];
    let value = NONE;
    if (leaves.length > 1) value = MANY;
    else if (leaves.length === 1 && leaves[0].kind === 'string') {
      value = (this.valueIds[pathId] as Map<string, number>).get(leaves[0].text) ?? NONE;
    }
    this.eventValue[pathId] = value;
    this.stamp[pathId] = this.epoch;
  }
}
