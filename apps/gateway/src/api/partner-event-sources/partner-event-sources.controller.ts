import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import type { z } from 'zod';
import { PartnerEventSourcesService, type PartnerPrincipal } from '#libs/domain';
import { Auth, PartnerCaller } from '../../common/auth.guard.js';
import { ZodPipe } from '../../common/zod-body.pipe.js';
import {
  addSecretDto,
  createSourceDto,
  deleteSourceQuery,
  listSourcesQuery,
} from './partner-event-sources.dto.js';

/** A partner's own event sources. Names contain `/` and travel URL-encoded in paths. */
@Controller('v1/partner-event-sources')
@Auth('partner')
export class PartnerEventSourcesController {
  constructor(private readonly sources: PartnerEventSourcesService) {}

  @Post()
  create(
    @PartnerCaller() partner: PartnerPrincipal,
    @Body(new ZodPipe(createSourceDto)) body: z.infer<typeof createSourceDto>,
  ) {
    return this.sources.create(partner, body);
  }

  @Get()
  async list(
    @PartnerCaller() partner: PartnerPrincipal,
    @Query(new ZodPipe(listSourcesQuery)) q: z.infer<typeof listSourcesQuery>,
  ) {
    const items = await this.sources.list(partner, q.namePrefix ?? '');
    return { items: items.map(({ verification: _v, ...rest }) => rest) };
  }

  @Get(':name')
  describe(@PartnerCaller() partner: PartnerPrincipal, @Param('name') name: string) {
    return this.sources.describe(partner, name);
  }

  @Get(':name/accounts')
  async accounts(@PartnerCaller() partner: PartnerPrincipal, @Param('name') name: string) {
    const rows = await this.sources.listAccounts(partner, name);
    return {
      items: rows.map((r) => ({
        account: r.account,
        state: r.state,
        creationTime: r.creationTime,
        expirationTime: r.expirationTime,
      })),
    };
  }

  @Delete(':name')
  @HttpCode(204)
  async delete(
    @PartnerCaller() partner: PartnerPrincipal,
    @Param('name') name: string,
    @Query(new ZodPipe(deleteSourceQuery)) q: z.infer<typeof deleteSourceQuery>,
  ): Promise<void> {
    await this.sources.delete(partner, name, q.account);
  }

  @Post(':name/secrets')
  addSecret(
    @PartnerCaller() partner: PartnerPrincipal,
    @Param('name') name: string,
    @Body(new ZodPipe(addSecretDto)) body: z.infer<typeof addSecretDto>,
  ) {
    return this.sources.addSecret(partner, name, body.secret);
  }

  @Delete(':name/secrets/:id')
  @HttpCode(204)
  async retireSecret(
    @PartnerCaller() partner: PartnerPrincipal,
    @Param('name') name: string,
    @Param('id') id: string,
  ): Promise<void> {
    await this.sources.retireSecret(partner, name, id);
  }
}
