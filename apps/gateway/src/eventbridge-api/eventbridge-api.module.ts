import { Module } from '@nestjs/common';
import { EventBridgeApi } from './eventbridge-api.service.js';
import { SigV4Verifier } from './sigv4-verifier.js';
import { ArchiveOperations } from './operations/archive.operations.js';
import { ApiDestinationOperations } from './operations/api-destination.operations.js';
import { ConnectionOperations } from './operations/connection.operations.js';
import { EventBusOperations } from './operations/event-bus.operations.js';
import { EventOperations } from './operations/event.operations.js';
import { EventSourceOperations } from './operations/event-source.operations.js';
import { PartnerOperations } from './operations/partner.operations.js';
import { RuleOperations } from './operations/rule.operations.js';
import { TagOperations } from './operations/tag.operations.js';
import { TargetOperations } from './operations/target.operations.js';

/** The EventBridge-compatible endpoint (`POST /`); its route is registered by the gateway factory. */
@Module({
  providers: [
    EventBridgeApi,
    SigV4Verifier,
    PartnerOperations,
    EventSourceOperations,
    EventBusOperations,
    RuleOperations,
    TargetOperations,
    EventOperations,
    ConnectionOperations,
    ApiDestinationOperations,
    TagOperations,
    ArchiveOperations,
  ],
  exports: [EventBridgeApi],
})
export class EventBridgeApiModule {}
