import { Global, Module } from '@nestjs/common';
import { Arns } from './common/arns.js';
import { AccountsService } from './accounts/accounts.service.js';
import { PartnersService } from './partners/partners.service.js';
import { ApiKeysService } from './api-keys/api-keys.service.js';
import { SourcesRepository } from './sources/sources.repository.js';
import { PartnerEventSourcesService } from './sources/partner-event-sources.service.js';
import { EventSourcesService } from './sources/event-sources.service.js';
import { BusesRepository } from './buses/buses.repository.js';
import { EventBusesService } from './buses/event-buses.service.js';
import { RulesRepository } from './rules/rules.repository.js';
import { RulesService } from './rules/rules.service.js';
import { EventWriter } from './events/event-writer.js';
import { HeldEventsService } from './events/held-events.service.js';
import { EventsQueryService } from './events/events-query.service.js';
import { PutEventsService } from './events/put-events.service.js';
import { PatternToolsService } from './rules/pattern-tools.service.js';
import { RedriveService } from './deliveries/redrive.service.js';
import { EventsSearchService } from './events/events-search.service.js';
import { DeliveriesQueryService } from './deliveries/deliveries-query.service.js';
import { ConnectionsRepository } from './connections/connections.repository.js';
import { ConnectionsService } from './connections/connections.service.js';
import { ApiDestinationsRepository } from './api-destinations/api-destinations.repository.js';
import { ApiDestinationsService } from './api-destinations/api-destinations.service.js';
import { ApiDestinationTargets } from './api-destinations/api-destination-targets.service.js';
import { TargetArnResolver } from './eventbridge-targets/target-arn.resolver.js';
import { EventBridgeTargetsService } from './eventbridge-targets/eventbridge-targets.service.js';
import { TargetEntriesService } from './eventbridge-targets/target-entries.service.js';
import { TagsRepository } from './tags/tags.repository.js';
import { TagsService } from './tags/tags.service.js';
import { ArchivesService } from './archives/archives.service.js';
import { ArchiveDryRunService } from './archives/archive-dry-run.service.js';
import { ReplaysService } from './replays/replays.service.js';

const providers = [
  Arns,
  AccountsService,
  PartnersService,
  ApiKeysService,
  SourcesRepository,
  PartnerEventSourcesService,
  EventSourcesService,
  BusesRepository,
  EventBusesService,
  RulesRepository,
  RulesService,
  HeldEventsService,
  EventWriter,
  EventsQueryService,
  DeliveriesQueryService,
  RedriveService,
  EventsSearchService,
  PutEventsService,
  PatternToolsService,
  ConnectionsRepository,
  ConnectionsService,
  ApiDestinationsRepository,
  ApiDestinationsService,
  ApiDestinationTargets,
  TargetArnResolver,
  EventBridgeTargetsService,
  TargetEntriesService,
  TagsRepository,
  TagsService,
  ArchivesService,
  ArchiveDryRunService,
  ReplaysService,
];

/** The domain layer shared by REST, the EventBridge API, the dashboard and the worker. */
@Global()
@Module({ providers, exports: providers })
export class DomainModule {}
