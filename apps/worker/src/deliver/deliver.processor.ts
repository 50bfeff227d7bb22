import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { type JobPayloads, QueueName } from '#libs/queue';
import { DeliverService } from './deliver.service.js';

/** Consumes `deliver` jobs; all the work is in DeliverService. */
@Processor(QueueName.Deliver)
export class DeliverProcessor extends WorkerHost {
  constructor(private readonly service: DeliverService) {
    super();
  }

  async process(job: Job<JobPayloads['deliver']>): Promise<string> {
    return this.service.deliver(job.data.deliveryId);
  }
}
