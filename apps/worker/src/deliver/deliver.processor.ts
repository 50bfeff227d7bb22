import { Processor, WorkerHost } from '@nestjs/bullmq';
import { DelayedError, type Job } from 'bullmq';
import { type JobPayloads, QueueName } from '#libs/queue';
import { DeliverService } from './deliver.service.js';
import { DeliveryWaker } from './delivery-waker.js';

/** Consumes `deliver` jobs; all the work is in DeliverService. */
@Processor(QueueName.Deliver)
export class DeliverProcessor extends WorkerHost {
  constructor(
    private readonly service: DeliverService,
    private readonly waker: DeliveryWaker,
  ) {
    super();
  }

  async process(job: Job<JobPayloads['deliver']>, token?: string): Promise<string> {
    const result = await this.service.deliver(job.data);
    if (result.kind === 'done') return result.state;
    // Parked (breaker open, rate limited, target busy, or waiting for its predecessor): the same job
    // waits in BullMQ's delayed set instead of holding a worker slot.
    await job.moveToDelayed(result.untilMs, token);
    await this.waker.afterParked(job.data.deliveryId, job.data.attempt);
    throw new DelayedError();
  }
}
