import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { ApiDestinationsService, type ApiDestinationView } from '#libs/domain';
import {
  accountOperation,
  compact,
  epochSeconds,
  name,
  type OperationTable,
  operationPage,
  pageInput,
} from '../operation.js';

const settings = {
  Description: z.string().max(512).optional(),
  ConnectionArn: z.string().min(1).max(1600),
  InvocationEndpoint: z.string().min(1).max(2048),
  // AWS's methods; the domain refuses those Hookbridge's HTTP targets cannot send.
  HttpMethod: z.enum(['POST', 'GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'DELETE']),
  InvocationRateLimitPerSecond: z.number().int().min(1).optional(),
};

/** API destinations: endpoints called under a connection; rule targets name them by ARN. */
@Injectable()
export class ApiDestinationOperations {
  constructor(private readonly destinations: ApiDestinationsService) {}

  readonly table: OperationTable = {
    CreateApiDestination: accountOperation(z.object({ Name: name(64), ...settings }), async (accountId, i) =>
      summary(
        await this.destinations.create(accountId, i.Name, {
          description: i.Description,
          connectionArn: i.ConnectionArn,
          invocationEndpoint: i.InvocationEndpoint,
          httpMethod: i.HttpMethod,
          invocationRateLimitPerSecond: i.InvocationRateLimitPerSecond,
        }),
      ),
    ),

    DescribeApiDestination: accountOperation(z.object({ Name: name(64) }), async (accountId, i) =>
      described(await this.destinations.describe(accountId, i.Name)),
    ),

    UpdateApiDestination: accountOperation(
      z.object({
        Name: name(64),
        Description: settings.Description,
        ConnectionArn: settings.ConnectionArn.optional(),
        InvocationEndpoint: settings.InvocationEndpoint.optional(),
        HttpMethod: settings.HttpMethod.optional(),
        InvocationRateLimitPerSecond: settings.InvocationRateLimitPerSecond,
      }),
      async (accountId, i) =>
        summary(
          await this.destinations.update(accountId, i.Name, {
            description: i.Description,
            connectionArn: i.ConnectionArn,
            invocationEndpoint: i.InvocationEndpoint,
            httpMethod: i.HttpMethod,
            invocationRateLimitPerSecond: i.InvocationRateLimitPerSecond,
          }),
        ),
    ),

    DeleteApiDestination: accountOperation(z.object({ Name: name(64) }), async (accountId, i) =>
      this.destinations.delete(accountId, i.Name),
    ),

    ListApiDestinations: accountOperation(
      z.object({
        NamePrefix: name(64).optional(),
        ConnectionArn: z.string().max(1600).optional(),
        ...pageInput,
      }),
      async (accountId, i) => {
        const filters = { NamePrefix: i.NamePrefix, ConnectionArn: i.ConnectionArn };
        const page = await operationPage(
          { operation: 'ListApiDestinations', owner: accountId, filters },
          i,
          (p) =>
            this.destinations.listPage(
              accountId,
              { namePrefix: i.NamePrefix, connectionArn: i.ConnectionArn },
              p,
            ),
        );
        return compact({
          ApiDestinations: page.items.map((d) => {
            const { Description: _, ...rest } = described(d) as Record<string, unknown>;
            return rest;
          }),
          NextToken: page.nextToken,
        });
      },
    ),
  };
}

function summary(d: ApiDestinationView): object {
  return {
    ApiDestinationArn: d.arn,
    ApiDestinationState: d.state,
    CreationTime: epochSeconds(d.creationTime),
    LastModifiedTime: epochSeconds(d.lastModifiedTime),
  };
}

function described(d: ApiDestinationView): object {
  return compact({
    ApiDestinationArn: d.arn,
    Name: d.name,
    Description: d.description,
    ApiDestinationState: d.state,
    ConnectionArn: d.connectionArn,
    InvocationEndpoint: d.invocationEndpoint,
    HttpMethod: d.httpMethod,
    InvocationRateLimitPerSecond: d.invocationRateLimitPerSecond,
    CreationTime: epochSeconds(d.creationTime),
    LastModifiedTime: epochSeconds(d.lastModifiedTime),
  });
}
