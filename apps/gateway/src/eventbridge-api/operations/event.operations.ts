import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { invalid, PutEventsService } from '#libs/domain';
import { accountOperation, type OperationTable } from '../operation.js';
import { busNameOrArn } from './bus-name.js';
import { putEntriesResult, putEntry } from './put-entries.js';

/** PutEvents: custom events on the calling account's buses (the domain resolves name or ARN). */
@Injectable()
export class EventOperations {
  constructor(private readonly put: PutEventsService) {}

  readonly table: OperationTable = {
    PutEvents: accountOperation(
      z.object({
        Entries: z
          .array(
            putEntry.extend({
              EventBusName: busNameOrArn.optional(),
              TraceHeader: z.string().max(500).optional(),
            }),
          )
          .min(1)
          .max(10),
        EndpointId: z.string().optional(),
      }),
      async (accountId, i) => {
        if (i.EndpointId) throw invalid('Global endpoints (EndpointId) are not supported.');
        return putEntriesResult(
          await this.put.putEvents(
            accountId,
            i.Entries.map((e) => ({
              source: e.Source,
              detailType: e.DetailType,
              detail: e.Detail,
              eventBusName: e.EventBusName,
              time: e.Time,
              resources: e.Resources,
            })),
          ),
        );
      },
    ),
  };
}
