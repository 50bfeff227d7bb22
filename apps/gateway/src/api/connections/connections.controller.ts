import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import type { z } from 'zod';
import { ConnectionsService } from '#libs/domain';
import { AccountId, Auth } from '../../common/auth.guard.js';
import { restPage } from '../../common/pagination.js';
import { ZodPipe } from '../../common/zod-body.pipe.js';
import { createConnectionDto, listConnectionsQuery, updateConnectionDto } from './connections.dto.js';
import { inRestTerms } from './rest-field-names.js';

/**
 * Connections: how API destinations authorize (basic, API key, OAuth client credentials). Answers
 * never carry a secret value: credentials are left out and a secret parameter shows only its key,
 * as EventBridge's DescribeConnection.
 */
@Controller('v1/connections')
@Auth('account')
export class ConnectionsController {
  constructor(private readonly connections: ConnectionsService) {}

  @Post()
  create(
    @AccountId() accountId: string,
    @Body(new ZodPipe(createConnectionDto)) body: z.infer<typeof createConnectionDto>,
  ) {
    const { name, ...input } = body;
    return inRestTerms(() => this.connections.create(accountId, name, input));
  }

  @Get()
  list(
    @AccountId() accountId: string,
    @Query(new ZodPipe(listConnectionsQuery)) q: z.infer<typeof listConnectionsQuery>,
  ) {
    return restPage({ list: ['connections'], owner: accountId, query: q }, (page) =>
      this.connections.listPage(accountId, { namePrefix: q.namePrefix, state: q.state }, page),
    );
  }

  @Get(':name')
  get(@AccountId() accountId: string, @Param('name') name: string) {
    return this.connections.describe(accountId, name);
  }

  @Put(':name')
  update(
    @AccountId() accountId: string,
    @Param('name') name: string,
    @Body(new ZodPipe(updateConnectionDto)) body: z.infer<typeof updateConnectionDto>,
  ) {
    return inRestTerms(() => this.connections.update(accountId, name, body));
  }

  /** Removes the secrets and disables the targets of the connection's API destinations. */
  @Post(':name/deauthorize')
  @HttpCode(200)
  deauthorize(@AccountId() accountId: string, @Param('name') name: string) {
    return this.connections.deauthorize(accountId, name);
  }

  /** The targets of the connection's API destinations are disabled. */
  @Delete(':name')
  @HttpCode(204)
  async delete(@AccountId() accountId: string, @Param('name') name: string): Promise<void> {
    await this.connections.delete(accountId, name);
  }
}
