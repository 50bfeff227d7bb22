import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import type { z } from 'zod';
import { PartnerEventSourcesService, type PartnerPrincipal } from '#libs/domain';
import { Auth, PartnerCaller } from '../../common/auth.guard.js';
import { restPage } from '../../common/pagination.js';
import { ZodPipe } from '../../common/zod-body.pipe.js';
import {
  addSecretDto,
  createSourceDto,
  deleteSourceQuery,
  listSourceAccountsQuery,
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

  /** Sources by name, then newest first: a name deleted and created again lists each of its lives. */
  @Get()
  list(
    @PartnerCaller() partner: PartnerPrincipal,
    @Query(new ZodPipe(listSourcesQuery)) q: z.infer<typeof listSourcesQuery>,
  ) {
    return restPage({ list: ['partner-event-sources'], owner: partner.partner, query: q }, async (page) => {
      const { items, lastKey } = await this.sources.listPage(partner, q.namePrefix ?? '', page);
      return { items: items.map(({ verification: _v, ...rest }) => rest), lastKey };
    });
  }

  @Get(':name')
  describe(@PartnerCaller() partner: PartnerPrincipal, @Param('name') name: string) {
    return this.sources.describe(partner, name);
  }

  @Get(':name/accounts')
  accounts(
    @PartnerCaller() partner: PartnerPrincipal,
    @Param('name') name: string,
    @Query(new ZodPipe(listSourceAccountsQuery)) q: z.infer<typeof listSourceAccountsQuery>,
  ) {
    const list = ['partner-event-sources', name, 'accounts'];
    return restPage({ list, owner: partner.partner, query: q }, async (page) => {
      const { items, lastKey } = await this.sources.listAccountsPage(partner, name, page);
      return {
        items: items.map((r) => ({
          account: r.account,
          state: r.state,
          creationTime: r.creationTime,
          expirationTime: r.expirationTime,
        })),
        lastKey,
      };
    });
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
