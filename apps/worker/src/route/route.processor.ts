import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { metrics } from '#libs/observability';
import { type JobPayloads, QueueName, routeCarriedEvents, routeEventIds } from '#libs/queue';
import { RouteService } from './route.service.js';

/** Consumes `route` jobs; all the work is in RouteService. */
@Processor(QueueName.Route)
export class RouteProcessor extends WorkerHost {
  constructor(private readonly routes: RouteService) {
    super();
  }

  async process(job: Job<JobPayloads['route']>): Promise<string> {
    // The add's clock is the gateway's: another machine's may run ahead of this one.
    if (job.attemptsMade === 0)
      metrics.routeQueueWait.observe(Math.max(0, Date.now() - job.timestamp) / 1000);
    return JSON.stringify(await this.routes.routeMany(routeEventIds(job.data), routeCarriedEvents(job.data)));
  }
}
