import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { type AccountSourceView, EventSourcesService } from '#libs/domain';
import {
  accountOperation,
  compact,
  epochSeconds,
  name,
  type OperationTable,
  operationPage,
  pageInput,
} from '../operation.js';

/** The partner event sources offered to the calling account. */
@Injectable()
export class EventSourceOperations {
  constructor(private readonly sources: EventSourcesService) {}

  readonly table: OperationTable = {
    ListEventSources: accountOperation(
      z.object({ NamePrefix: name(256).optional(), ...pageInput }),
      async (accountId, i) => {
        // Each name in its latest life, as DescribeEventSource shows it.
        const scope = {
          operation: 'ListEventSources',
          owner: accountId,
          filters: { NamePrefix: i.NamePrefix },
        };
        const page = await operationPage(scope, i, (p) =>
          this.sources.listPage(accountId, i.NamePrefix ?? '', p),
        );
        return compact({ EventSources: page.items.map(eventSource), NextToken: page.nextToken });
      },
    ),

    DescribeEventSource: accountOperation(z.object({ Name: name(256) }), async (accountId, i) =>
      eventSource(await this.sources.describe(accountId, i.Name)),
    ),

    ActivateEventSource: accountOperation(z.object({ Name: name(256) }), async (accountId, i) =>
      this.sources.activate(accountId, i.Name),
    ),

    DeactivateEventSource: accountOperation(z.object({ Name: name(256) }), async (accountId, i) =>
      this.sources.deactivate(accountId, i.Name),
    ),
  };
}

function eventSource(s: AccountSourceView): object {
  return compact({
    Arn: s.arn,
    CreatedBy: s.createdBy,
    CreationTime: epochSeconds(s.creationTime),
    ExpirationTime: epochSeconds(s.expirationTime),
    Name: s.name,
    State: s.state,
  });
}
