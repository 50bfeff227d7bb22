import { Injectable } from '@nestjs/common';
import { QueueProducer, RedisClient } from '#libs/queue';

const WOKEN_TTL_MS = 60_000;

/**
 * Wakes a parked delivery early (a slot of its target was freed, or its predecessor finished) by
 * promoting its delayed job. The waiter may not have finished parking yet (its job is still active,
 * so there is nothing to promote): a flag in Redis covers that window — the waiter checks it right
 * after parking and promotes itself. The job id names the attempt, so a stale wake-up can only
 * promote a job that no longer exists.
 */
@Injectable()
export class DeliveryWaker {
  constructor(
    private readonly client: RedisClient,
    private readonly producer: QueueProducer,
  ) {}

  async wake(deliveryId: string, attempt: number): Promise<void> {
    await this.client.redis.set(this.flag(deliveryId, attempt), '1', 'PX', WOKEN_TTL_MS);
    await this.producer.promote(deliveryId, attempt);
  }

  /** Called by a job that has just parked: if it was woken meanwhile, it runs again now. */
  async afterParked(deliveryId: string, attempt: number): Promise<void> {
    if (await this.client.redis.getdel(this.flag(deliveryId, attempt)))
      await this.producer.promote(deliveryId, attempt);
  }

  private flag(deliveryId: string, attempt: number): string {
    return this.client.key('woken', deliveryId, String(attempt));
  }
}
