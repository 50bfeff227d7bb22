import type { AttemptRow } from '../deliver/delivery-calls.js';
import type { RoutingOutcome } from '../deliver/routing-outcome.js';

/**
 * The first attempts that one routing statement's batch started before the statement was sent
 * (see RoutedDeliveries.startEarly), and the statement's outcome as they see it. The statement
 * waits a little for them (see `close`): a call to a fast target is often answered within a
 * millisecond or two, and then the statement creates the delivery as succeeded, with its attempt
 * row, in the same transaction. That saves the statement that would record the attempt and an
 * UPDATE of the delivery, which is not a HOT one (its state is indexed): at 1 000/s, PostgreSQL's
 * CPU per event fell from about 0.5 to 0.4 ms (bench/README.md). An attempt that fails, or is not
 * answered in time, records itself once the statement has committed, as any other.
 */
export class EarlyOutcomes {
  private readonly succeeded = new Map<string, AttemptRow>();
  private sent = false;
  /** Early attempts that have not reported yet. */
  private unreported = 0;
  private allReported?: () => void;
  private readonly inserted: Promise<ReadonlySet<string>>;
  private settleInserted!: (ids: Promise<ReadonlySet<string>>) => void;

  constructor() {
    this.inserted = new Promise((resolve) => (this.settleInserted = resolve));
    // A failed statement is the route job's to report; the attempts read it as "not created".
    this.inserted.catch(() => undefined);
  }

  /**
   * The outcome as one early-started delivery sees it; call once per delivery started. `awaited`:
   * the statement waits for its report (not for a target that has been slow lately, whose success
   * is taken only if it comes before the statement goes anyway).
   */
  for(deliveryId: string, awaited = true): RoutingOutcome {
    if (awaited) this.unreported++;
    let reported = false;
    return {
      report: (success) => {
        if (reported) return false;
        reported = true;
        const taken = !this.sent && success !== undefined;
        if (taken) this.succeeded.set(deliveryId, success);
        if (awaited && --this.unreported === 0) this.allReported?.();
        return taken;
      },
      created: this.inserted.then(
        (ids) => ids.has(deliveryId),
        () => false,
      ),
    };
  }

  /**
   * Waits until every early attempt has reported, but at most `maxWaitMs`; from then on, reports
   * are no longer taken. Returns the successful attempts the statement is to record, by delivery.
   */
  async close(maxWaitMs: number): Promise<ReadonlyMap<string, AttemptRow>> {
    if (this.unreported > 0 && maxWaitMs > 0)
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, maxWaitMs);
        this.allReported = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    this.sent = true;
    this.allReported = undefined;
    return this.succeeded;
  }

  /** The statement's outcome: the ids of the deliveries it inserted, or its failure (none inserted). */
  settle(inserted: Promise<ReadonlySet<string>>): void {
    this.settleInserted(inserted);
  }
}
