/**
 * The compiled branches of a matcher as one Int32Array of records: per branch, everything a
 * candidate check reads (a per-event stamp, its rule, its path ids and its remaining conditions
 * as quick-check records, quick-check.ts) side by side, usually in one cache line. With thousands
 * of rules a branch's own objects are rarely in the CPU cache, so a candidate is decided without
 * touching them; only the rare array-consistency search (several conditions inside arrays of
 * objects) and operators without a packed test read them. The anchor entries name branches by
 * record offset, so collecting a candidate and checking it read the same memory.
 */
import { consistentMatch, type PreparedCondition } from './branch-verify.js';
import type { FlatEvent } from './event-flattener.js';
import { QuickChecks } from './quick-check.js';
import { QuickCheckCompiler } from './quick-check-compiler.js';

export interface CompiledBranch {
  readonly rule: number;
  readonly conditions: readonly PreparedCondition[];
  /** What remains to test once the branch is a candidate: cheapest first, anchor left out if proven. */
  quick: readonly PreparedCondition[];
}

// A record: [stamp, rule, branch id, path count, check record length, path ids…, check records…].
// The stamp comes first so that `data` itself serves as the candidate collector's stamp array.
const RULE = 1;
const BRANCH = 2;
const PATHS = 3;
const CHECKS = 4;
const HEAD = 5;

export class BranchTable {
  /** The records; `data[offset]` is the branch's stamp (candidate-collector.ts). */
  readonly data: Int32Array;
  /** Record offset by branch id. */
  readonly offsets: Int32Array;
  private readonly checks: QuickChecks;

  /** Packs `branches`; their `quick` lists must be final. */
  constructor(private readonly branches: readonly CompiledBranch[]) {
    const compiler = new QuickCheckCompiler();
    const records = branches.map((b, id) => {
      const paths = b.conditions.map((c) => c.pathId);
      const checks = compiler.records(b.quick);
      return [0, b.rule, id, paths.length, checks.length, ...paths, ...checks];
    });
    this.offsets = new Int32Array(branches.length);
    let size = 0;
    records.forEach((record, id) => {
      this.offsets[id] = size;
      size += record.length;
    });
    this.data = new Int32Array(size);
    records.forEach((record, id) => this.data.set(record, this.offsets[id]));
    this.checks = new QuickChecks(compiler.build());
  }

  /** The rule of the branch whose record is at `at`. */
  rule(at: number): number {
    return this.data[at + RULE];
  }

  /** Zeroes every stamp (when the per-event counter wraps around). */
  clearStamps(): void {
    for (const at of this.offsets) this.data[at] = 0;
  }

  /** Whether the candidate at `at` (its anchor and secondary value already found) matches. */
  matches(at: number, flat: FlatEvent): boolean {
    const data = this.data;
    const paths = at + HEAD;
    const checks = paths + data[at + PATHS];
    // Array consistency can only fail between two leaves that both sit inside arrays of
    // objects, so with at most one such condition the per-condition checks are exact.
    let arrayBound = 0;
    if (flat.hasMembership) {
      const member = flat.memberPaths;
      for (let i = paths; i < checks; i++) arrayBound += member[data[i]];
    }
    if (!this.checks.pass(data, checks, checks + data[at + CHECKS], flat.leaves, arrayBound)) return false;
    return arrayBound <= 1 || consistentMatch(this.branches[data[at + BRANCH]].conditions, flat.leaves);
  }
}
