import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '#libs/config';
import { redisOptionsFromUrl } from './redis-options.js';

/**
 * A general-purpose Redis connection (rate limits, circuit breakers, concurrency leases), separate
 * from BullMQ's own connections. Keys are namespaced under the queue prefix.
 */
@Injectable()
export class RedisClient implements OnApplicationShutdown {
  readonly redis: Redis;
  readonly prefix: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    // A bounded retry per command: callers treat a Redis failure as "not admitted" rather than hang.
    // Auto-pipelining: the commands issued in one tick of the event loop (the admissions of a batch
    // of deliveries, their releases) go to Redis in one write, not one system call each.
    this.redis = new Redis({
      ...redisOptionsFromUrl(config.redisUrl),
      maxRetriesPerRequest: 2,
      enableAutoPipelining: true,
    });
    this.redis.on('error', () => undefined);
    this.prefix = config.queuePrefix;
  }

  key(...parts: string[]): string {
    return [this.prefix, ...parts].join(':');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
  }
}
