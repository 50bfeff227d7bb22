/** A concurrency slot held in Redis: the member of the target's lease set, and when it was taken. */
export interface Slot {
  member: string;
  acquiredAt: number;
  /** The target's concurrency cap when it was taken (its release grants free slots up to it). */
  limit: number;
}

interface Kept {
  slot: Slot;
  timer: NodeJS.Timeout;
}

/**
 * Slots a process keeps between deliveries, per target, each for a short while: the next delivery
 * to the target takes one instead of asking Redis, and one nobody takes is handed to `expire` (which
 * gives it back to Redis) when its time is up.
 */
export class KeptSlots {
  private readonly byTarget = new Map<string, Kept[]>();

  constructor(private readonly expire: (targetPk: string, slot: Slot) => void) {}

  keep(targetPk: string, slot: Slot, holdMs: number): void {
    const pool = this.byTarget.get(targetPk) ?? [];
    this.byTarget.set(targetPk, pool);
    const entry: Kept = {
      slot,
      timer: setTimeout(() => {
        if (this.untrack(targetPk, entry)) this.expire(targetPk, slot);
      }, holdMs),
    };
    pool.push(entry);
  }

  /** A kept slot of the target, if there is one; it is no longer kept. */
  take(targetPk: string): Slot | undefined {
    const entry = this.byTarget.get(targetPk)?.[0];
    if (!entry) return undefined;
    this.untrack(targetPk, entry);
    clearTimeout(entry.timer);
    return entry.slot;
  }

  /** Every kept slot, with its target; none is kept any more. */
  takeAll(): Array<{ targetPk: string; slot: Slot }> {
    const all = [...this.byTarget].flatMap(([targetPk, pool]) =>
      pool.map((e) => {
        clearTimeout(e.timer);
        return { targetPk, slot: e.slot };
      }),
    );
    this.byTarget.clear();
    return all;
  }

  private untrack(targetPk: string, entry: Kept): boolean {
    const pool = this.byTarget.get(targetPk);
    const i = pool?.indexOf(entry) ?? -1;
    if (!pool || i < 0) return false;
    pool.splice(i, 1);
    if (pool.length === 0) this.byTarget.delete(targetPk);
    return true;
  }
}
