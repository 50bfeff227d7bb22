import { Global, Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { APP_CONFIG, type AppConfig } from '#libs/config';
import { QueueName } from './queue.contract.js';
import { QueueProducer } from './queue.producer.js';
import { InvalidationService } from './invalidation.service.js';
import { RedisClient } from './redis.provider.js';

/** Connects BullMQ, registers every queue for producing, and provides the producer. */
@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        // Workers block on Redis, so requests must retry without limit.
        connection: { url: config.redisUrl, maxRetriesPerRequest: null },
        prefix: config.queuePrefix,
      }),
    }),
    BullModule.registerQueue(...Object.values(QueueName).map((name) => ({ name }))),
  ],
  providers: [QueueProducer, InvalidationService, RedisClient],
  exports: [BullModule, QueueProducer, InvalidationService, RedisClient],
})
export class QueueModule {}
