import { Inject, Injectable } from '@nestjs/common';
import { and, asc, eq, inArray, lt, or, sql } from 'drizzle-orm';
import { DATABASE, type Database, deliveries } from '#libs/db';
import { DeliveryWaker } from './delivery-waker.js';

/** The fields of a delivery that ordering looks at. */
type Ordered = { id: string; targetPk: string; orderingKey: string | null; eventReceivedAt: Date };

/** How long a blocked delivery waits before looking again if nobody wakes it. */
const RECHECK_MS = 5_000;

/**
 * Ordered delivery (beyond EventBridge Classic): deliveries to one target with the same ordering key
 * go one at a time, in event order. A delivery whose predecessor is still pending or retrying waits;
 * when the predecessor finishes (succeeded, dead-lettered or skipped) it wakes the next one.
 */
@Injectable()
export class OrderingGate {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly waker: DeliveryWaker,
  ) {}

  /** Undefined if the delivery may go now; otherwise when to look again. */
  async blockedUntil(d: Ordered): Promise<number | undefined> {
    if (d.orderingKey === null) return undefined;
    const [first] = await this.db
      .select({ id: deliveries.id, nextAttemptAt: deliveries.nextAttemptAt })
      .from(deliveries)
      .where(
        and(
          eq(deliveries.targetPk, d.targetPk),
          eq(deliveries.orderingKey, d.orderingKey),
          inArray(deliveries.state, ['pending', 'retrying']),
          this.before(d),
        ),
      )
      .orderBy(asc(deliveries.eventReceivedAt), asc(deliveries.id))
      .limit(1);
    if (!first) return undefined;
    const predecessorDue = first.nextAttemptAt?.getTime() ?? Date.now();
    return Math.max(Date.now() + 50, Math.min(predecessorDue + 50, Date.now() + RECHECK_MS));
  }

  /** Promotes the next waiting delivery with the same key, if any. */
  async wakeNext(d: Ordered): Promise<void> {
    const [next] = await this.db
      .select({ id: deliveries.id, attempts: deliveries.attempts })
      .from(deliveries)
      .where(
        and(
          eq(deliveries.targetPk, d.targetPk),
          eq(deliveries.orderingKey, d.orderingKey ?? ''),
          inArray(deliveries.state, ['pending', 'retrying']),
        ),
      )
      .orderBy(asc(deliveries.eventReceivedAt), asc(deliveries.id))
      .limit(1);
    if (next) await this.waker.wake(next.id, next.attempts + 1);
  }

  private before(d: Ordered) {
    return or(
      lt(deliveries.eventReceivedAt, d.eventReceivedAt),
      and(eq(deliveries.eventReceivedAt, d.eventReceivedAt), sql`${deliveries.id} < ${d.id}`),
    );
  }
}
