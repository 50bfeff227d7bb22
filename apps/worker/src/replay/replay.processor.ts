import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { type JobPayloads, QueueName } from '#libs/queue';
import { ReplayRunner, type SliceResult } from './replay-runner.service.js';

/** Consumes `replay` jobs: one slice per job; all the work is in ReplayRunner. */
@Processor(QueueName.Replay)
export class ReplayProcessor extends WorkerHost {
  constructor(private readonly runner: ReplayRunner) {
    super();
  }

  async process(job: Job<JobPayloads['replay']>): Promise<SliceResult> {
    return this.runner.runSlice(job.data.replayId);
  }
}
