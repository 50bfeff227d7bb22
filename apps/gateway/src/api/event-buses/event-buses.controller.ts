import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import type { z } from 'zod';
import { EventBusesService, PatternToolsService } from '#libs/domain';
import { AccountId, Auth } from '../../common/auth.guard.js';
import { restPage } from '../../common/pagination.js';
import { ZodPipe } from '../../common/zod-body.pipe.js';
import { createBusDto, explainDto, listBusesQuery, updateBusDto } from './event-buses.dto.js';

/** Event buses of the calling account; creating one with eventSourceName associates a source. */
@Controller('v1/event-buses')
@Auth('account')
export class EventBusesController {
  constructor(
    private readonly buses: EventBusesService,
    private readonly patterns: PatternToolsService,
  ) {}

  @Post()
  async create(
    @AccountId() accountId: string,
    @Body(new ZodPipe(createBusDto)) body: z.infer<typeof createBusDto>,
  ) {
    return this.buses.create(accountId, body);
  }

  @Get()
  async list(
    @AccountId() accountId: string,
    @Query(new ZodPipe(listBusesQuery)) q: z.infer<typeof listBusesQuery>,
  ) {
    return restPage({ list: ['event-buses'], owner: accountId, query: q }, (page) =>
      this.buses.listPage(accountId, q.namePrefix ?? '', page),
    );
  }

  @Get(':bus')
  get(@AccountId() accountId: string, @Param('bus') bus: string) {
    return this.buses.get(accountId, bus);
  }

  /** Sets the description (`null` removes it). */
  @Patch(':bus')
  update(
    @AccountId() accountId: string,
    @Param('bus') bus: string,
    @Body(new ZodPipe(updateBusDto)) body: z.infer<typeof updateBusDto>,
  ) {
    return this.buses.update(accountId, bus, body);
  }

  /** For every rule of the bus: matched, or the first field path and operator that failed. */
  @Post(':bus/explain')
  @HttpCode(200)
  async explain(
    @AccountId() accountId: string,
    @Param('bus') bus: string,
    @Body(new ZodPipe(explainDto)) body: z.infer<typeof explainDto>,
  ) {
    return { items: await this.patterns.explain(accountId, bus, body.event) };
  }

  @Delete(':bus')
  @HttpCode(204)
  async delete(@AccountId() accountId: string, @Param('bus') bus: string): Promise<void> {
    await this.buses.delete(accountId, bus);
  }
}
