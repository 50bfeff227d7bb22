import { Injectable } from '@nestjs/common';

/** Targets remembered at most; the one called least recently is forgotten first. */
const MAX_TARGETS = 10_000;

/**
 * How long each target's calls from this process have taken lately: a moving average per target.
 * Routing asks it whether a first attempt will likely be answered while its statement waits (see
 * EarlyOutcomes), so that a slow target costs the statement no wait; a target not called yet is
 * assumed to be fast.
 */
@Injectable()
export class TargetCallTimes {
  private readonly averageMs = new Map<string, number>();

  observe(targetPk: string, durationMs: number): void {
    const previous = this.averageMs.get(targetPk);
    // Deleted and set again, so that the map's order is the order of the last calls.
    this.averageMs.delete(targetPk);
    this.averageMs.set(targetPk, previous === undefined ? durationMs : previous * 0.8 + durationMs * 0.2);
    if (this.averageMs.size > MAX_TARGETS) {
      const oldest = this.averageMs.keys().next();
      if (!oldest.done) this.averageMs.delete(oldest.value);
    }
  }

  /** Whether the target's calls have lately taken less than `ms` (true for one not called yet). */
  within(targetPk: string, ms: number): boolean {
    return (this.averageMs.get(targetPk) ?? 0) < ms;
  }
}
