import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { ConfigModule, type AppConfig } from '#libs/config';
import { DbModule } from '#libs/db';
import { DomainModule } from '#libs/domain';
import { QueueModule } from '#libs/queue';
import { loggerOptions } from '#libs/observability';
import { AllExceptionsFilter } from './common/all-exceptions.filter.js';
import { AuthGuard } from './common/auth.guard.js';
import { AdminController } from './api/admin/admin.controller.js';
import { PartnerEventSourcesController } from './api/partner-event-sources/partner-event-sources.controller.js';
import { EventSourcesController } from './api/event-sources/event-sources.controller.js';
import { EventBusesController } from './api/event-buses/event-buses.controller.js';
import { RulesController } from './api/event-buses/rules.controller.js';
import { EventsController } from './api/events/events.controller.js';
import { PartnerEventsController } from './api/partner-events/partner-events.controller.js';
import { DeliveriesController } from './api/deliveries/deliveries.controller.js';
import { ArchivesController } from './api/archives/archives.controller.js';
import { ReplaysController } from './api/replays/replays.controller.js';
import { ConnectionsController } from './api/connections/connections.controller.js';
import { ApiDestinationsController } from './api/api-destinations/api-destinations.controller.js';
import { WhoamiController } from './api/whoami/whoami.controller.js';
import { HealthController } from './health/health.controller.js';
import { MetricsController } from './ops/metrics.controller.js';
import { OpsGauges } from './ops/ops-gauges.js';
import { IngestService } from './ingest/ingest.service.js';
import { SourceCache } from './ingest/source-cache.js';
import { IngestRateLimits } from './ingest/ingest-rate-limits.js';
import { EventBridgeApiModule } from './eventbridge-api/eventbridge-api.module.js';

/** The gateway: ingest, REST API, health and metrics. */
@Module({})
export class GatewayModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerOptions(config)),
        DbModule.forRoot({ synchronousCommit: true }),
        QueueModule,
        DomainModule,
        EventBridgeApiModule,
      ],
      controllers: [
        AdminController,
        PartnerEventSourcesController,
        EventSourcesController,
        EventBusesController,
        RulesController,
        EventsController,
        DeliveriesController,
        ArchivesController,
        ReplaysController,
        ConnectionsController,
        ApiDestinationsController,
        PartnerEventsController,
        WhoamiController,
        HealthController,
        MetricsController,
      ],
      providers: [
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
        SourceCache,
        IngestRateLimits,
        OpsGauges,
        IngestService,
      ],
    };
  }
}
