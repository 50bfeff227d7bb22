import type { AttemptRow } from './delivery-calls.js';

/**
 * What a first attempt started before its routing statement was sent (see
 * RoutedDeliveries.startEarly) learns of that statement, and what it may hand to it.
 */
export interface RoutingOutcome {
  /**
   * Tells routing how the call went, once it is made: a successful attempt handed over before the
   * statement is sent is recorded by that statement, which creates the delivery as succeeded, so
   * the attempt needs no statement of its own. Returns whether the statement took it. Only the
   * first report counts; `undefined` reports a call that failed or was not made.
   */
  report(success: AttemptRow | undefined): boolean;
  /** Whether the statement created the delivery (false when it failed or created none). */
  readonly created: Promise<boolean>;
}

/** A delivery that exists already: it takes no report and waits for nothing. */
export const ALREADY_CREATED: RoutingOutcome = { report: () => false, created: Promise.resolve(true) };
