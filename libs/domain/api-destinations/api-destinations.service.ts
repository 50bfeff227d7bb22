import { Inject, Injectable } from '@nestjs/common';
import { DATABASE, type Database } from '#libs/db';
import { newId } from '#libs/security';
import { alreadyExists, Arns, invalid, notFound } from '../common/index.js';
import { type KeysetPage, keysetPage, type KeysetResult } from '../common/keyset.js';
import { isUniqueViolation } from '../sources/partner-event-sources.service.js';
import { checkDescription, checkName, ConnectionsService } from '../connections/connections.service.js';
import { ApiDestinationsRepository, type ApiDestinationRow } from './api-destinations.repository.js';
import { ApiDestinationTargets } from './api-destination-targets.service.js';

/** The methods Hookbridge's HTTP targets send; AWS also allows HEAD and OPTIONS. */
export const API_DESTINATION_METHODS = ['POST', 'GET', 'PUT', 'PATCH', 'DELETE'] as const;

export interface ApiDestinationView {
  name: string;
  arn: string;
  description?: string;
  state: 'ACTIVE' | 'INACTIVE';
  connectionArn: string;
  invocationEndpoint: string;
  httpMethod: string;
  invocationRateLimitPerSecond?: number;
  creationTime: string;
  lastModifiedTime: string;
}

export interface ApiDestinationInput {
  description?: string;
  connectionArn?: string;
  invocationEndpoint?: string;
  httpMethod?: string;
  invocationRateLimitPerSecond?: number;
}

/**
 * API destinations: an HTTP endpoint and method, called under a connection. Targets name them by
 * ARN; an update re-resolves those targets in the same transaction, a deletion disables them.
 */
@Injectable()
export class ApiDestinationsService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly repo: ApiDestinationsRepository,
    private readonly connections: ConnectionsService,
    private readonly targets: ApiDestinationTargets,
    private readonly arns: Arns,
  ) {}

  async create(accountId: string, name: string, input: ApiDestinationInput): Promise<ApiDestinationView> {
    checkName('API destination', name);
    checkDescription(input.description);
    const connection = await this.connections.findByArn(accountId, input.connectionArn ?? '');
    const settings = checkSettings({
      invocationEndpoint: input.invocationEndpoint ?? '',
      httpMethod: input.httpMethod ?? '',
      invocationRateLimitPerSecond: input.invocationRateLimitPerSecond,
    });
    try {
      const row = await this.repo.insert({
        id: newId(),
        accountId,
        name,
        description: input.description ?? null,
        connectionId: connection.id,
        connectionArn: input.connectionArn ?? '',
        invocationEndpoint: settings.invocationEndpoint,
        httpMethod: settings.httpMethod,
        rateLimitPerSecond: settings.invocationRateLimitPerSecond ?? null,
      });
      return this.view(row);
    } catch (err) {
      if (isUniqueViolation(err)) throw alreadyExists(`API destination ${name}`);
      throw err;
    }
  }

  async describe(accountId: string, name: string): Promise<ApiDestinationView> {
    const row = await this.repo.find(accountId, name);
    if (!row) throw notFound(`API destination ${name}`);
    return this.view(row);
  }

  /** One page of the destinations by name (the key is the name). */
  async listPage(
    accountId: string,
    filter: { namePrefix?: string; connectionArn?: string },
    page: KeysetPage,
  ): Promise<KeysetResult<ApiDestinationView>> {
    const rows = await this.repo.list(accountId, filter, page);
    return keysetPage(rows, page, 'name', (r) => this.view(r));
  }

  /** Changes what the input names; the destination's targets see the change at once. */
  async update(accountId: string, name: string, input: ApiDestinationInput): Promise<ApiDestinationView> {
    checkDescription(input.description);
    const connection =
      input.connectionArn !== undefined
        ? await this.connections.findByArn(accountId, input.connectionArn)
        : undefined;
    const { row, buses } = await this.db.transaction(async (tx) => {
      const current = await this.repo.find(accountId, name, tx, true);
      if (!current) throw notFound(`API destination ${name}`);
      const settings = checkSettings({
        invocationEndpoint: input.invocationEndpoint ?? current.invocationEndpoint,
        httpMethod: input.httpMethod ?? current.httpMethod,
        invocationRateLimitPerSecond:
          input.invocationRateLimitPerSecond ?? current.rateLimitPerSecond ?? undefined,
      });
      const updated = await this.repo.update(
        accountId,
        current.id,
        {
          description: input.description ?? current.description,
          ...(connection ? { connectionId: connection.id, connectionArn: input.connectionArn } : {}),
          invocationEndpoint: settings.invocationEndpoint,
          httpMethod: settings.httpMethod,
          rateLimitPerSecond: settings.invocationRateLimitPerSecond ?? null,
        },
        tx,
      );
      return { row: updated, buses: await this.targets.refreshWithin(tx, accountId, [current.id]) };
    });
    await this.targets.invalidate(accountId, buses);
    return this.view(row);
  }

  /** Deletes the destination; the targets that called it are disabled. */
  async delete(accountId: string, name: string): Promise<void> {
    const buses = await this.db.transaction(async (tx) => {
      const current = await this.repo.find(accountId, name, tx, true);
      if (!current) throw notFound(`API destination ${name}`);
      const touched = await this.targets.disableWithin(
        tx,
        accountId,
        [current.id],
        `API destination ${name} was deleted.`,
      );
      await this.repo.delete(accountId, current.id, tx);
      return touched;
    });
    await this.targets.invalidate(accountId, buses);
  }

  private view(row: ApiDestinationRow): ApiDestinationView {
    return {
      name: row.name,
      arn: this.arns.apiDestination(row.accountId, row.name, row.id),
      description: row.description ?? undefined,
      state: row.state,
      connectionArn: row.connectionArn,
      invocationEndpoint: row.invocationEndpoint,
      httpMethod: row.httpMethod,
      invocationRateLimitPerSecond: row.rateLimitPerSecond ?? undefined,
      creationTime: row.createdAt.toISOString(),
      lastModifiedTime: row.updatedAt.toISOString(),
    };
  }
}

/** AWS's constraints, except that plain http is allowed (a self-hosted gateway serves local endpoints). */
function checkSettings<
  T extends { invocationEndpoint: string; httpMethod: string; invocationRateLimitPerSecond?: number },
>(s: T): T {
  let url: URL | undefined;
  try {
    // `*` marks a path wildcard filled per target from HttpParameters.PathParameterValues.
    url = new URL(s.invocationEndpoint.replaceAll('*', 'x'));
  } catch {
    url = undefined;
  }
  if (!url || !/^https?:$/.test(url.protocol) || s.invocationEndpoint.length > 2048)
    throw invalid('InvocationEndpoint must be an http(s) URL of at most 2048 characters.');
  if (!(API_DESTINATION_METHODS as readonly string[]).includes(s.httpMethod))
    throw invalid(`HttpMethod must be one of ${API_DESTINATION_METHODS.join(', ')}.`);
  const rate = s.invocationRateLimitPerSecond;
  if (rate !== undefined && (!Number.isInteger(rate) || rate < 1))
    throw invalid('InvocationRateLimitPerSecond must be a whole number of at least 1.');
  return s;
}
