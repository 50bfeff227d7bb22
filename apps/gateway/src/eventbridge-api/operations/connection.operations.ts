import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { AUTHORIZATION_TYPES, ConnectionsService, type ConnectionView, invalid } from '#libs/domain';
import {
  accountOperation,
  compact,
  epochSeconds,
  name,
  type OperationTable,
  operationPage,
  pageInput,
} from '../operation.js';
import {
  authParametersInput,
  connectionSummary,
  toAuthInput,
  toAwsAuthParameters,
} from './connection.mapping.js';

const authorizationType = z.enum(AUTHORIZATION_TYPES);

/** Connections: how API destinations authorise. Secret values are never answered. */
@Injectable()
export class ConnectionOperations {
  constructor(private readonly connections: ConnectionsService) {}

  readonly table: OperationTable = {
    CreateConnection: accountOperation(
      z.object({
        Name: name(64),
        Description: z.string().max(512).optional(),
        AuthorizationType: authorizationType,
        AuthParameters: authParametersInput,
        InvocationConnectivityParameters: z.unknown().optional(),
        KmsKeyIdentifier: z.string().optional(),
      }),
      async (accountId, i) => {
        // Private (VPC) connectivity and customer-managed keys are AWS infrastructure.
        if (i.InvocationConnectivityParameters !== undefined || i.KmsKeyIdentifier)
          throw invalid('InvocationConnectivityParameters and KmsKeyIdentifier are not supported.');
        const view = await this.connections.create(accountId, i.Name, {
          description: i.Description,
          authorizationType: i.AuthorizationType,
          authParameters: toAuthInput(i.AuthParameters),
        });
        const { LastAuthorizedTime: _, ...created } = connectionSummary(view) as Record<string, unknown>;
        return created;
      },
    ),

    DescribeConnection: accountOperation(z.object({ Name: name(64) }), async (accountId, i) => {
      const c = await this.connections.describe(accountId, i.Name);
      return compact({
        ConnectionArn: c.arn,
        Name: c.name,
        Description: c.description,
        ConnectionState: c.state,
        AuthorizationType: c.authorizationType,
        AuthParameters: toAwsAuthParameters(c),
        CreationTime: epochSeconds(c.creationTime),
        LastModifiedTime: epochSeconds(c.lastModifiedTime),
        LastAuthorizedTime: epochSeconds(c.lastAuthorizedTime),
      });
    }),

    UpdateConnection: accountOperation(
      z.object({
        Name: name(64),
        Description: z.string().max(512).optional(),
        AuthorizationType: authorizationType.optional(),
        AuthParameters: authParametersInput.optional(),
      }),
      async (accountId, i) =>
        connectionSummary(
          await this.connections.update(accountId, i.Name, {
            description: i.Description,
            authorizationType: i.AuthorizationType,
            authParameters: toAuthInput(i.AuthParameters),
          }),
        ),
    ),

    /** Deauthorized when this answers; AWS answers the state it passes through. */
    DeauthorizeConnection: accountOperation(z.object({ Name: name(64) }), async (accountId, i) =>
      connectionSummary(await this.connections.deauthorize(accountId, i.Name), 'DEAUTHORIZING'),
    ),

    /** The connection is gone when this answers; AWS reports the state it is leaving in. */
    DeleteConnection: accountOperation(z.object({ Name: name(64) }), async (accountId, i) =>
      connectionSummary(await this.connections.delete(accountId, i.Name), 'DELETING'),
    ),

    ListConnections: accountOperation(
      z.object({ NamePrefix: name(64).optional(), ConnectionState: z.string().optional(), ...pageInput }),
      async (accountId, i) => {
        const filters = { NamePrefix: i.NamePrefix, ConnectionState: i.ConnectionState };
        const page = await operationPage(
          { operation: 'ListConnections', owner: accountId, filters },
          i,
          (p) =>
            this.connections.listPage(accountId, { namePrefix: i.NamePrefix, state: i.ConnectionState }, p),
        );
        return compact({ Connections: page.items.map(listed), NextToken: page.nextToken });
      },
    ),
  };
}

function listed(c: ConnectionView): object {
  return {
    ConnectionArn: c.arn,
    Name: c.name,
    ConnectionState: c.state,
    AuthorizationType: c.authorizationType,
    CreationTime: epochSeconds(c.creationTime),
    LastModifiedTime: epochSeconds(c.lastModifiedTime),
    LastAuthorizedTime: epochSeconds(c.lastAuthorizedTime),
  };
}
