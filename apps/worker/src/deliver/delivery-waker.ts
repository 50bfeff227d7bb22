import { Inject, Injectable } from '@nestjs/common';
import { and, eq, inArray } from 'drizzle-orm';
import { DATABASE, type Database, deliveries } from '#libs/db';
import { QueueProducer } from '#libs/queue';

/**
 * Wakes a parked delivery early (a slot of its target was freed, or its predecessor finished):
 * its `next_attempt_at` becomes now — only if it is still parked for exactly that attempt, so a
 * stale wake-up can never cut a retry backoff short — then its delayed job is promoted.
 */
@Injectable()
export class DeliveryWaker {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly producer: QueueProducer,
  ) {}

  async wake(deliveryId: string, attempt: number): Promise<void> {
    const woken = await this.db
      .update(deliveries)
      .set({ nextAttemptAt: new Date() })
      .where(
        and(
          eq(deliveries.id, deliveryId),
          eq(deliveries.attempts, attempt - 1),
          inArray(deliveries.state, ['pending', 'retrying']),
        ),
      )
      .returning({ id: deliveries.id });
    if (woken.length > 0) await this.producer.promote(deliveryId, attempt);
  }
}
