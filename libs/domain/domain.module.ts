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
];

/** The domain layer shared by REST, the EventBridge API, the dashboard and the worker. */
@Global()
@Module({ providers, exports: providers })
export class DomainModule {}
