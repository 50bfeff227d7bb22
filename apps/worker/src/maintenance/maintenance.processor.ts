import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { type JobPayloads, MaintenanceTask, QueueName } from '#libs/queue';
import { SweeperService } from './sweeper.service.js';

/** Consumes the repeatable maintenance jobs. */
@Processor(QueueName.Maintenance)
export class MaintenanceProcessor extends WorkerHost {
  constructor(private readonly sweeper: SweeperService) {
    super();
  }

  async process(job: Job<JobPayloads['maintenance']>): Promise<unknown> {
    switch (job.data.task) {
      case MaintenanceTask.Expire:
        return this.sweeper.expireSources();
      case MaintenanceTask.Partitions:
        return this.sweeper.maintainPartitions();
    }
  }
}
