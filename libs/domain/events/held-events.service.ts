import { Inject, Injectable, Logger } from '@nestjs/common';
import { and, eq } from 'drizzle-orm';
import { DATABASE, type Database, events } from '#libs/db';
import { QueueProducer } from '#libs/queue';

/**
 * Events that arrived while their source was PENDING are held (EventBridge drops them). When the
 * source becomes ACTIVE they are routed. If this enqueue fails, the sweeper finds held events of
 * active sources and routes them anyway.
 */
@Injectable()
export class HeldEventsService {
  private readonly logger = new Logger(HeldEventsService.name);

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly producer: QueueProducer,
  ) {}

  async release(sourceId: string): Promise<number> {
    const rows = await this.db
      .select({ id: events.id })
      .from(events)
      .where(and(eq(events.sourceId, sourceId), eq(events.state, 'held')));
    try {
      await this.producer.routeEvents(rows.map((r) => r.id));
    } catch (err) {
      this.logger.warn(`held events of ${sourceId} left to the sweeper: ${(err as Error).message}`);
    }
    return rows.length;
  }
}
