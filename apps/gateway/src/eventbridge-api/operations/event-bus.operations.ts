import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { Arns, type BusView, DomainError, EventBusesService, invalid, TagsService } from '#libs/domain';
import {
  accountOperation,
  compact,
  epochSeconds,
  name,
  type OperationTable,
  operationPage,
  pageInput,
} from '../operation.js';
import { busNameOf, busNameOrArn } from './bus-name.js';
import { creationTags, tagList } from './tag.operations.js';

/** Event buses of the calling account; CreateEventBus with EventSourceName is the association. */
@Injectable()
export class EventBusOperations {
  constructor(
    private readonly buses: EventBusesService,
    private readonly tags: TagsService,
    private readonly arns: Arns,
  ) {}

  readonly table: OperationTable = {
    CreateEventBus: accountOperation(
      z.object({
        Name: name(256),
        EventSourceName: name(256).optional(),
        Description: z.string().max(512).optional(),
        KmsKeyIdentifier: z.string().optional(),
        DeadLetterConfig: z.object({ Arn: z.string().optional() }).optional(),
        Tags: tagList.optional(),
      }),
      async (accountId, i) => {
        // Hookbridge keeps events in its own database and dead letters on the delivery: neither applies.
        if (i.KmsKeyIdentifier) throw invalid('KmsKeyIdentifier is not supported.');
        if (i.DeadLetterConfig?.Arn)
          throw invalid('A bus DeadLetterConfig is not supported: dead letters are kept per delivery.');
        const tags = creationTags(i.Tags);
        const bus = await this.buses.create(accountId, {
          name: i.Name,
          eventSourceName: i.EventSourceName,
          description: i.Description,
        });
        if (tags.length) await this.tags.tag(accountId, bus.arn, tags);
        return compact({ EventBusArn: bus.arn, Description: bus.description });
      },
    ),

    // Description is the only setting that applies (see CreateEventBus); left out, it is kept.
    UpdateEventBus: accountOperation(
      z.object({
        Name: busNameOrArn.optional(),
        Description: z.string().max(512).optional(),
        KmsKeyIdentifier: z.string().optional(),
        DeadLetterConfig: z.object({ Arn: z.string().optional() }).optional(),
        LogConfig: z.object({}).passthrough().optional(),
      }),
      async (accountId, i) => {
        if (i.KmsKeyIdentifier) throw invalid('KmsKeyIdentifier is not supported.');
        if (i.DeadLetterConfig?.Arn)
          throw invalid('A bus DeadLetterConfig is not supported: dead letters are kept per delivery.');
        if (i.LogConfig)
          throw invalid('LogConfig is not supported: deliveries and attempts are kept per event.');
        const name = busNameOf(this.arns, accountId, i.Name);
        const bus =
          i.Description === undefined
            ? await this.buses.get(accountId, name)
            : await this.buses.update(accountId, name, { description: i.Description });
        return compact({ Arn: bus.arn, Name: bus.name, Description: bus.description });
      },
    ),

    // AWS's DeleteEventBus has no ResourceNotFoundException: deleting a bus that is gone succeeds.
    DeleteEventBus: accountOperation(z.object({ Name: name(256) }), async (accountId, i) => {
      try {
        await this.buses.delete(accountId, i.Name);
      } catch (err) {
        if (!(err instanceof DomainError && err.code === 'ResourceNotFoundException')) throw err;
      }
    }),

    DescribeEventBus: accountOperation(z.object({ Name: busNameOrArn.optional() }), async (accountId, i) =>
      eventBus(await this.buses.get(accountId, busNameOf(this.arns, accountId, i.Name))),
    ),

    ListEventBuses: accountOperation(
      z.object({ NamePrefix: name(256).optional(), ...pageInput }),
      async (accountId, i) => {
        const scope = {
          operation: 'ListEventBuses',
          owner: accountId,
          filters: { NamePrefix: i.NamePrefix },
        };
        const page = await operationPage(scope, i, (p) =>
          this.buses.listPage(accountId, i.NamePrefix ?? '', p),
        );
        return compact({ EventBuses: page.items.map(eventBus), NextToken: page.nextToken });
      },
    ),
  };
}

function eventBus(b: BusView): object {
  return compact({
    Name: b.name,
    Arn: b.arn,
    Description: b.description,
    CreationTime: epochSeconds(b.creationTime),
    LastModifiedTime: epochSeconds(b.lastModifiedTime),
  });
}
