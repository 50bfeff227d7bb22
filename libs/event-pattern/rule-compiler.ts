/**
 * Compiles all rules of a bus into one matcher whose per-event cost tracks the event and the
 * rules it could match, not the number of rules. Every branch (a rule, or one `$or` alternative
 * of it) is indexed under a single "anchor" condition, the one whose values are shared by the
 * fewest other branches. Per event we scan the JSON once, look each used leaf up in its path's
 * index to collect candidate branches, drop those whose second exact value is absent
 * (secondary-filter.ts, candidate-collector.ts), and fully verify only the rest (branch-table.ts).
 */
import { BranchTable, type CompiledBranch } from './branch-table.js';
import { checkOrder, prepareCondition, type PreparedCondition } from './branch-verify.js';
import { buildPathTrie, EventFlattener } from './event-flattener.js';
import { anchorCost, anchorKey } from './anchor-cost.js';
import { exactlyIndexed, PathIndex } from './path-index.js';
import type { EventPattern } from './pattern-types.js';
import { NO_SECONDARY, SecondaryFilter } from './secondary-filter.js';
import { CandidateCollector } from './candidate-collector.js';
import { EntryPool, NO_LIST, type Entry, type ListOffset } from './entry-pool.js';

/** Matches events against a fixed set of rules. */
export interface RuleMatcher {
  /** Ids of the rules matching the event, in the order the rules were given. Throws InvalidEventError. */
  match(eventJson: string): string[];
  /** Number of distinct rule ids. */
  readonly size: number;
}

/**
 * Compiles rules for matching. Rules sharing an id are OR-ed together, like event-ruler rules
 * added under one name. Patterns must come from `parsePattern`.
 */
export function compileRules(rules: ReadonlyArray<{ id: string; pattern: EventPattern }>): RuleMatcher {
  return new CompiledRules(rules);
}

class CompiledRules implements RuleMatcher {
  private readonly ruleIds: string[] = [];
  private readonly branches: CompiledBranch[] = [];
  private readonly indexes: Array<PathIndex | undefined> = [];
  /** Entry triples (see entry-pool.ts) of branches with no usable anchor: always candidates. */
  private readonly unanchored: number[] = [];
  private unanchoredList: ListOffset = NO_LIST;
  private readonly table: BranchTable;
  private readonly flattener: EventFlattener;
  private readonly collector: CandidateCollector;
  private readonly ruleStamp: Int32Array;
  private readonly matched: Int32Array;
  private readonly secondary: SecondaryFilter;
  private epoch = 0;

  constructor(rules: ReadonlyArray<{ id: string; pattern: EventPattern }>) {
    const paths = new Map<string, number>();
    const ruleIndex = new Map<string, number>();
    for (const { id, pattern } of rules) {
      let rule = ruleIndex.get(id);
      if (rule === undefined) ruleIndex.set(id, (rule = this.ruleIds.push(id) - 1));
      for (const branch of pattern.branches) {
        const conditions = branch.conditions.map((c) => {
          let pathId = paths.get(c.path);
          if (pathId === undefined) paths.set(c.path, (pathId = paths.size));
          return prepareCondition(c, pathId);
        });
        this.branches.push({ rule, conditions, quick: conditions });
      }
    }
    this.secondary = new SecondaryFilter(paths.size);
    const pool = this.anchorBranches();
    this.table = new BranchTable(this.branches);
    this.flattener = new EventFlattener(buildPathTrie([...paths.keys()]), paths.size);
    this.collector = new CandidateCollector(pool.seal(this.table.offsets), this.table.data, this.secondary);
    this.ruleStamp = new Int32Array(this.ruleIds.length);
    this.matched = new Int32Array(this.ruleIds.length);
  }

  get size(): number {
    return this.ruleIds.length;
  }

  /** Indexes every branch under its anchor; returns the entry lists (entry-pool.ts). */
  private anchorBranches(): EntryPool {
    const counts = new Map<string, number>();
    for (const b of this.branches) {
      for (const c of b.conditions) {
        if (c.allowsAbsent) continue;
        for (const m of c.positive) {
          const key = anchorKey(c.pathId, m);
          counts.set(key, (counts.get(key) ?? 0) + 1);
        }
      }
    }
    this.branches.forEach((b, id) => {
      let best: PreparedCondition | undefined;
      let bestCost = Infinity;
      for (const c of b.conditions) {
        if (c.allowsAbsent) continue;
        let cost = 0;
        for (const m of c.positive) cost += anchorCost(m, counts.get(anchorKey(c.pathId, m)) ?? 0);
        if (cost < bestCost) [best, bestCost] = [c, cost];
      }
      if (best === undefined) {
        this.unanchored.push(id, NO_SECONDARY, 0);
        b.quick = checkOrder(b.conditions);
        return;
      }
      const secondary = this.secondaryOf(b, best, counts);
      const entry: Entry = secondary
        ? [id, secondary.pathId, this.secondary.intern(secondary.pathId, secondary.value)]
        : [id, NO_SECONDARY, 0];
      const index = (this.indexes[best.pathId] ??= new PathIndex());
      for (const m of best.positive) index.add(m, entry);
      // A candidate has passed its anchor lookup (exact for most operators) and the secondary test.
      b.quick = checkOrder(b.conditions, [
        best.positive.every(exactlyIndexed) ? best : undefined,
        secondary?.condition,
      ]);
    });
    const pool = new EntryPool();
    for (const index of this.indexes) index?.seal(pool);
    if (this.unanchored.length > 0) this.unanchoredList = pool.add(this.unanchored);
    return pool;
  }

  /** The least shared single exact-string condition besides the anchor: the candidate pre-filter. */
  private secondaryOf(
    b: CompiledBranch,
    anchor: PreparedCondition,
    counts: Map<string, number>,
  ): { condition: PreparedCondition; pathId: number; value: string } | undefined {
    let best: { condition: PreparedCondition; pathId: number; value: string; shared: number } | undefined;
    for (const c of b.conditions) {
      const m = c.positive[0];
      if (c === anchor || c.allowsAbsent || c.positive.length !== 1) continue;
      if (m.op !== 'exact' || m.kind !== 'string' || m.ip !== undefined) continue;
      const shared = counts.get(anchorKey(c.pathId, m)) ?? 0;
      if (best === undefined || shared < best.shared)
        best = { condition: c, pathId: c.pathId, value: m.value, shared };
    }
    return best;
  }

  match(eventJson: string): string[] {
    const flat = this.flattener.flatten(eventJson);
    if (++this.epoch === 0x7fffffff) {
      this.ruleStamp.fill(0);
      this.table.clearStamps();
      this.epoch = 1;
    }
    const collector = this.collector;
    collector.begin(flat, this.epoch);
    for (const pathId of flat.touched) this.indexes[pathId]?.collect(flat.leaves[pathId], collector.add);
    collector.add(this.unanchoredList);
    const candidates = collector.candidates;
    // Matched rules go into a reused buffer, kept sorted by insertion (a few per event at most),
    // so the only allocation is the returned array.
    const matched = this.matched;
    let count = 0;
    const table = this.table;
    for (let i = 0; i < candidates.length; i++) {
      const at = candidates[i];
      const rule = table.rule(at);
      if (this.ruleStamp[rule] === this.epoch || !table.matches(at, flat)) continue;
      this.ruleStamp[rule] = this.epoch;
      let k = count++;
      for (; k > 0 && matched[k - 1] > rule; k--) matched[k] = matched[k - 1];
      matched[k] = rule;
    }
    const ids: string[] = [];
    for (let i = 0; i < count; i++) ids.push(this.ruleIds[matched[i]]);
    return ids;
  }
}
