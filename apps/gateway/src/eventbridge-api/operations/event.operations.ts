import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { Arns, DomainError, invalid, type PutEntryResult, PutEventsService } from '#libs/domain';
import { accountOperation, type OperationTable } from '../operation.js';
import { busNameOf, busNameOrArn } from './bus-name.js';
import { putEntriesResult, putEntry } from './put-entries.js';

/** PutEvents: custom events on the calling account's buses, named by name or ARN. */
@Injectable()
export class EventOperations {
  constructor(
    private readonly put: PutEventsService,
    private readonly arns: Arns,
  ) {}

  /** The bus name of an entry (undefined: the default bus), or the failed entry it becomes. */
  private busOf(accountId: string, nameOrArn: string | undefined): string | undefined | PutEntryResult {
    try {
      return nameOrArn === undefined ? undefined : busNameOf(this.arns, accountId, nameOrArn);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      return { errorCode: err.code, errorMessage: err.message };
    }
  }

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
        // An ARN is resolved as everywhere in this API: one of another account or region names no bus
        // of the caller's, so its entry fails alone rather than landing on the caller's namesake bus.
        const buses = i.Entries.map((e) => this.busOf(accountId, e.EventBusName));
        const sent = i.Entries.flatMap((e, n) => {
          const bus = buses[n];
          return typeof bus === 'object'
            ? []
            : [
                {
                  source: e.Source,
                  detailType: e.DetailType,
                  detail: e.Detail,
                  eventBusName: bus,
                  time: e.Time,
                  resources: e.Resources,
                },
              ];
        });
        const results = (await this.put.putEvents(accountId, sent)).entries;
        // Index-aligned with the request, as in AWS.
        const entries = buses.map((bus) =>
          typeof bus === 'object' ? bus : (results.shift() as PutEntryResult),
        );
        return putEntriesResult({
          failedEntryCount: entries.filter((e) => 'errorCode' in e).length,
          entries,
        });
      },
    ),
  };
}
