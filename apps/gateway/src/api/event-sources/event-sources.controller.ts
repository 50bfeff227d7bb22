import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { z } from 'zod';
import { EventSourcesService } from '#libs/domain';
import { AccountId, Auth } from '../../common/auth.guard.js';
import { pageQuery, restPage } from '../../common/pagination.js';
import { ZodPipe } from '../../common/zod-body.pipe.js';

/** `?namePrefix=`; a parameter given twice is a 400, not an array. */
const listQuery = z.object({ namePrefix: z.string().max(256).optional(), ...pageQuery });

/** The partner event sources offered to the calling account. */
@Controller('v1/event-sources')
@Auth('account')
export class EventSourcesController {
  constructor(private readonly sources: EventSourcesService) {}

  @Get()
  list(@AccountId() accountId: string, @Query(new ZodPipe(listQuery)) q: z.infer<typeof listQuery>) {
    return restPage({ list: ['event-sources'], owner: accountId, query: q }, (page) =>
      this.sources.listPage(accountId, q.namePrefix ?? '', page),
    );
  }

  @Get(':name')
  describe(@AccountId() accountId: string, @Param('name') name: string) {
    return this.sources.describe(accountId, name);
  }

  @Post(':name/activate')
  @HttpCode(204)
  async activate(@AccountId() accountId: string, @Param('name') name: string): Promise<void> {
    await this.sources.activate(accountId, name);
  }

  @Post(':name/deactivate')
  @HttpCode(204)
  async deactivate(@AccountId() accountId: string, @Param('name') name: string): Promise<void> {
    await this.sources.deactivate(accountId, name);
  }
}
