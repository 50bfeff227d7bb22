import {
  type BeforeApplicationShutdown,
  type DynamicModule,
  Inject,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type Type,
} from '@nestjs/common';
import { DiscoveryModule, DiscoveryService } from '@nestjs/core';
import { WorkerHost } from '@nestjs/bullmq';
import { LoggerModule } from 'nestjs-pino';
import { APP_CONFIG, ConfigModule, type AppConfig } from '#libs/config';
import { DbModule } from '#libs/db';
import { DomainModule } from '#libs/domain';
import { loggerOptions } from '#libs/observability';
import { QueueModule, QueueName, QueueProducer } from '#libs/queue';
import { RouteProcessor } from './route/route.processor.js';
import { RouteService } from './route/route.service.js';
import { RouteStore } from './route/route-store.js';
import { RoutedDeliveries } from './route/routed-deliveries.js';
import { BusRulesCache } from './route/bus-rules.cache.js';
import { DeliverProcessor } from './deliver/deliver.processor.js';
import { DeliverService } from './deliver/deliver.service.js';
import { DeliveryCalls } from './deliver/delivery-calls.js';
import { TargetCallTimes } from './deliver/target-call-times.js';
import { TargetClients } from './deliver/target-clients.js';
import { TargetAdmission } from './deliver/target-admission.js';
import { CircuitBreaker } from './deliver/circuit-breaker.js';
import { OrderingGate } from './deliver/ordering-gate.js';
import { DeliveryWaker } from './deliver/delivery-waker.js';
import { DeliveryStore } from './deliver/delivery-store.js';
import { FirstAttempts } from './deliver/first-attempts.js';
import { TargetSettingsCache } from './deliver/target-settings.cache.js';
import { TargetRateLimiter } from './deliver/rate-limiter.js';
import { ArchivesCache } from './route/archives.cache.js';
import { ReplayProcessor } from './replay/replay.processor.js';
import { ReplayRunner } from './replay/replay-runner.service.js';
import { ReplaySliceStore } from './replay/replay-slice.store.js';
import { MaintenanceProcessor } from './maintenance/maintenance.processor.js';
import { SweeperService } from './maintenance/sweeper.service.js';
import { SweepTimer } from './maintenance/sweep.timer.js';

/** Exactly one processor per queue; the type makes a missing one a compile error. */
const PROCESSORS: Record<QueueName, Type<WorkerHost>> = {
  [QueueName.Route]: RouteProcessor,
  [QueueName.Deliver]: DeliverProcessor,
  [QueueName.Replay]: ReplayProcessor,
  [QueueName.Maintenance]: MaintenanceProcessor,
};

/** The worker: BullMQ processors for the queues named in WORKER_QUEUES. */
@Module({})
export class WorkerModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(WorkerModule.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly discovery: DiscoveryService,
    private readonly producer: QueueProducer,
  ) {}

  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        DiscoveryModule,
        ConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerOptions(config)),
        DbModule.forRoot({ synchronousCommit: false }),
        QueueModule,
        DomainModule,
      ],
      providers: [
        RouteService,
        RouteStore,
        RoutedDeliveries,
        BusRulesCache,
        ArchivesCache,
        ReplayRunner,
        ReplaySliceStore,
        DeliverService,
        DeliveryCalls,
        TargetCallTimes,
        FirstAttempts,
        TargetClients,
        TargetAdmission,
        CircuitBreaker,
        OrderingGate,
        DeliveryWaker,
        DeliveryStore,
        TargetSettingsCache,
        TargetRateLimiter,
        SweeperService,
        ...config.workerQueues.map((q) => PROCESSORS[q]),
        ...(config.workerQueues.includes(QueueName.Maintenance) ? [SweepTimer] : []),
      ],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    // Boot check: every consumed queue has exactly one processor instance.
    const hosts = this.discovery.getProviders().filter((w) => w.instance instanceof WorkerHost);
    for (const queue of this.config.workerQueues) {
      const count = hosts.filter((h) => h.metatype === PROCESSORS[queue]).length;
      if (count !== 1) throw new Error(`queue '${queue}' has ${count} processors; exactly one is required`);
    }
    for (const h of hosts) {
      // Concurrency is configuration, so it is set here rather than in the static decorator.
      (h.instance as WorkerHost).worker.concurrency = this.config.workerConcurrency;
    }
    if (this.config.workerQueues.includes(QueueName.Maintenance)) await this.producer.scheduleMaintenance();
    this.logger.log(
      `consuming ${this.config.workerQueues.join(', ')} (concurrency ${this.config.workerConcurrency})`,
    );
  }

  /**
   * The BullMQ workers stop first: they take no new job and wait for the active ones. Nest's
   * shutdown hooks close the queues, Redis and the PostgreSQL pool, which a job still running would
   * need to record its attempt — it would then be made again, a duplicate delivery.
   */
  async beforeApplicationShutdown(): Promise<void> {
    const hosts = this.discovery
      .getProviders()
      .map((wrapper) => wrapper.instance as unknown)
      .filter((instance): instance is WorkerHost => instance instanceof WorkerHost);
    await Promise.all(hosts.map((host) => host.worker.close()));
  }
}
