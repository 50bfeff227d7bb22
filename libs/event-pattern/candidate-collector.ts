/**
 * Turns the anchor entry lists the indexes report (entry-pool.ts) into the event's candidate
 * branches: entries whose secondary value the event lacks are skipped (secondary-filter.ts), and
 * each branch is listed once per event. A list's entries are grouped by secondary path and sorted
 * by value, so for a path where the event has one value the matching entries are found by binary
 * search: a value shared by many rules (a common vendor, say) costs a few probes, not one test
 * per rule.
 */
import { NO_LIST, type ListOffset } from './entry-pool.js';
import type { FlatEvent } from './event-flattener.js';
import { MANY, NO_SECONDARY, NONE, type SecondaryFilter } from './secondary-filter.js';

export class CandidateCollector {
  /** This event's candidates (the branch names the entries use), in the order found. */
  readonly candidates: number[] = [];
  private epoch = 0;

  /**
   * `stamps[b]` records the last event that listed branch `b`; the caller zeroes it when the
   * event counter wraps around (the branch table's records start with their stamp).
   */
  constructor(
    private readonly entries: Int32Array,
    private readonly stamps: Int32Array,
    private readonly secondary: SecondaryFilter,
  ) {}

  /** Starts a new event; `epoch` must differ from every earlier one since stamps were zeroed. */
  begin(flat: FlatEvent, epoch: number): void {
    this.epoch = epoch;
    this.secondary.begin(flat, epoch);
    this.candidates.length = 0;
  }

  /** Adds the candidates of the list at `at`; an arrow property, so indexes can take it as their Sink. */
  readonly add = (at: ListOffset): void => {
    if (at === NO_LIST) return;
    const entries = this.entries;
    const groups = entries[at + 1];
    const first = at + 2 + 2 * groups;
    let from = 0;
    for (let k = 0; k < groups; k++) {
      const path = entries[at + 2 + 2 * k];
      const to = entries[at + 3 + 2 * k];
      if (path === NO_SECONDARY) {
        for (let i = from; i < to; i++) this.addBranch(entries[first + 3 * i]);
      } else {
        const value = this.secondary.valueAt(path);
        if (value === MANY) {
          for (let i = from; i < to; i++)
            if (this.secondary.has(path, entries[first + 3 * i + 2])) this.addBranch(entries[first + 3 * i]);
        } else if (value !== NONE) {
          // Entries are sorted by value within the group: find the first with the event's value.
          let lo = from;
          let hi = to;
          while (lo < hi) {
            const mid = (lo + hi) >>> 1;
            if (entries[first + 3 * mid + 2] < value) lo = mid + 1;
            else hi = mid;
          }
          for (; lo < to && entries[first + 3 * lo + 2] === value; lo++)
            this.addBranch(entries[first + 3 * lo]);
        }
      }
      from = to;
    }
  };

  private addBranch(branch: number): void {
    if (this.stamps[branch] === this.epoch) return;
    this.stamps[branch] = this.epoch;
    this.candidates.push(branch);
  }
}
