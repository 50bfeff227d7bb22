import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import type { z } from 'zod';
import { ApiDestinationsService, ConnectionsService, DomainError } from '#libs/domain';
import { AccountId, Auth } from '../../common/auth.guard.js';
import { restPage } from '../../common/pagination.js';
import { ZodPipe } from '../../common/zod-body.pipe.js';
import {
  createApiDestinationDto,
  listApiDestinationsQuery,
  restApiDestination,
  updateApiDestinationDto,
} from './api-destinations.dto.js';
import { inRestTerms } from '../connections/rest-field-names.js';

/**
 * API destinations: an HTTP endpoint and method called under a connection, named by rule targets of
 * type `api-destination`. Changing one changes its targets at once; deleting one disables them.
 */
@Controller('v1/api-destinations')
@Auth('account')
export class ApiDestinationsController {
  constructor(
    private readonly destinations: ApiDestinationsService,
    private readonly connections: ConnectionsService,
  ) {}

  @Post()
  async create(
    @AccountId() accountId: string,
    @Body(new ZodPipe(createApiDestinationDto)) body: z.infer<typeof createApiDestinationDto>,
  ) {
    const { name, connection, ...settings } = body;
    const connectionArn = await this.connectionArn(accountId, connection);
    return restApiDestination(
      await inRestTerms(() => this.destinations.create(accountId, name, { ...settings, connectionArn })),
    );
  }

  @Get()
  async list(
    @AccountId() accountId: string,
    @Query(new ZodPipe(listApiDestinationsQuery)) q: z.infer<typeof listApiDestinationsQuery>,
  ) {
    // By the connection's ARN, which holds its id: the destinations of a deleted connection of the
    // same name are not this one's, and a connection that does not exist has none.
    const connectionArn =
      q.connection === undefined
        ? undefined
        : await this.connectionArn(accountId, q.connection).catch((err: unknown) => {
            if (err instanceof DomainError && err.code === 'ResourceNotFoundException') return null;
            throw err;
          });
    return restPage({ list: ['api-destinations'], owner: accountId, query: q }, async (page) => {
      if (connectionArn === null) return { items: [] };
      const { items, lastKey } = await this.destinations.listPage(
        accountId,
        { namePrefix: q.namePrefix, connectionArn },
        page,
      );
      return { items: items.map(restApiDestination), lastKey };
    });
  }

  @Get(':name')
  async get(@AccountId() accountId: string, @Param('name') name: string) {
    return restApiDestination(await this.destinations.describe(accountId, name));
  }

  @Put(':name')
  async update(
    @AccountId() accountId: string,
    @Param('name') name: string,
    @Body(new ZodPipe(updateApiDestinationDto)) body: z.infer<typeof updateApiDestinationDto>,
  ) {
    const { connection, ...settings } = body;
    const connectionArn =
      connection === undefined ? undefined : await this.connectionArn(accountId, connection);
    return restApiDestination(
      await inRestTerms(() => this.destinations.update(accountId, name, { ...settings, connectionArn })),
    );
  }

  /** The targets that name the destination are disabled. */
  @Delete(':name')
  @HttpCode(204)
  async delete(@AccountId() accountId: string, @Param('name') name: string): Promise<void> {
    await this.destinations.delete(accountId, name);
  }

  /** The ARN of a connection of the account named in a body (404 when there is none). */
  private async connectionArn(accountId: string, name: string): Promise<string> {
    return (await this.connections.describe(accountId, name)).arn;
  }
}
