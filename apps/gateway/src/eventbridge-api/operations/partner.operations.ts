import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { PartnerEventSourcesService, PutEventsService } from '#libs/domain';
import {
  compact,
  epochSeconds,
  name,
  type OperationTable,
  operationPage,
  pageInput,
  partnerOperation,
} from '../operation.js';
import { putEntriesResult, putEntry } from './put-entries.js';

const sourceName = name(256);
const account = z.string().regex(/^\d{12}$/, 'Member must satisfy regular expression pattern: \\d{12}');

/** The partner's operations: its event sources, and PutPartnerEvents. */
@Injectable()
export class PartnerOperations {
  constructor(
    private readonly sources: PartnerEventSourcesService,
    private readonly put: PutEventsService,
  ) {}

  readonly table: OperationTable = {
    CreatePartnerEventSource: partnerOperation(
      z.object({ Name: sourceName, Account: account }),
      async (partner, i) => {
        const created = await this.sources.create(partner, { name: i.Name, account: i.Account });
        return { EventSourceArn: created.arn };
      },
    ),

    DeletePartnerEventSource: partnerOperation(
      z.object({ Name: sourceName, Account: account }),
      async (partner, i) => this.sources.delete(partner, i.Name, i.Account),
    ),

    DescribePartnerEventSource: partnerOperation(z.object({ Name: sourceName }), async (partner, i) => {
      const s = await this.sources.describe(partner, i.Name);
      return { Arn: s.arn, Name: s.name };
    }),

    ListPartnerEventSources: partnerOperation(
      z.object({ NamePrefix: name(256), ...pageInput }),
      async (partner, i) => {
        // One entry per live name; deleted sources stay in the table only as history.
        const scope = {
          operation: 'ListPartnerEventSources',
          owner: partner.partner,
          filters: { NamePrefix: i.NamePrefix },
        };
        const page = await operationPage(scope, i, (p) =>
          this.sources.listLivePage(partner, i.NamePrefix, p),
        );
        return compact({
          PartnerEventSources: page.items.map((s) => ({ Arn: s.arn, Name: s.name })),
          NextToken: page.nextToken,
        });
      },
    ),

    ListPartnerEventSourceAccounts: partnerOperation(
      z.object({ EventSourceName: sourceName, ...pageInput }),
      async (partner, i) => {
        // By account, then oldest first: the order this operation has always had (AWS names none).
        const scope = {
          operation: 'ListPartnerEventSourceAccounts',
          owner: partner.partner,
          filters: { EventSourceName: i.EventSourceName },
        };
        const page = await operationPage(scope, i, (p) =>
          this.sources.listAccountsPage(partner, i.EventSourceName, p, 'by-account'),
        );
        return compact({
          PartnerEventSourceAccounts: page.items.map((r) =>
            compact({
              Account: r.account,
              CreationTime: epochSeconds(r.creationTime),
              ExpirationTime: epochSeconds(r.expirationTime),
              State: r.state,
            }),
          ),
          NextToken: page.nextToken,
        });
      },
    ),

    PutPartnerEvents: partnerOperation(
      z.object({ Entries: z.array(putEntry).min(1).max(20) }),
      async (partner, i) =>
        putEntriesResult(
          await this.put.putPartnerEvents(
            partner,
            i.Entries.map((e) => ({
              source: e.Source,
              detailType: e.DetailType,
              detail: e.Detail,
              time: e.Time,
              resources: e.Resources,
            })),
          ),
        ),
    ),
  };
}
