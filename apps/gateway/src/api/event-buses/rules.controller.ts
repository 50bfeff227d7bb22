import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import type { z } from 'zod';
import { RulesService, TargetEntriesService } from '#libs/domain';
import { AccountId, Auth } from '../../common/auth.guard.js';
import { restPage } from '../../common/pagination.js';
import { ZodPipe } from '../../common/zod-body.pipe.js';
import {
  listRulesQuery,
  listTargetsQuery,
  putRuleDto,
  putTargetsDto,
  removeTargetsQuery,
  targetsToPut,
} from './event-buses.dto.js';

/** Rules on a bus and their targets. */
@Controller('v1/event-buses/:bus/rules')
@Auth('account')
export class RulesController {
  constructor(
    private readonly rules: RulesService,
    private readonly targetEntries: TargetEntriesService,
  ) {}

  @Get()
  list(
    @AccountId() accountId: string,
    @Param('bus') bus: string,
    @Query(new ZodPipe(listRulesQuery)) q: z.infer<typeof listRulesQuery>,
  ) {
    return restPage({ list: ['event-buses', bus, 'rules'], owner: accountId, query: q }, (page) =>
      this.rules.listPage(accountId, bus, q.namePrefix ?? '', page),
    );
  }

  @Put(':rule')
  put(
    @AccountId() accountId: string,
    @Param('bus') bus: string,
    @Param('rule') rule: string,
    @Body(new ZodPipe(putRuleDto)) body: z.infer<typeof putRuleDto>,
  ) {
    return this.rules.put(accountId, bus, rule, body);
  }

  @Get(':rule')
  get(@AccountId() accountId: string, @Param('bus') bus: string, @Param('rule') rule: string) {
    return this.rules.get(accountId, bus, rule);
  }

  @Delete(':rule')
  @HttpCode(204)
  async delete(
    @AccountId() accountId: string,
    @Param('bus') bus: string,
    @Param('rule') rule: string,
  ): Promise<void> {
    await this.rules.delete(accountId, bus, rule);
  }

  @Post(':rule/enable')
  @HttpCode(204)
  async enable(
    @AccountId() accountId: string,
    @Param('bus') bus: string,
    @Param('rule') rule: string,
  ): Promise<void> {
    await this.rules.setState(accountId, bus, rule, 'ENABLED');
  }

  @Post(':rule/disable')
  @HttpCode(204)
  async disable(
    @AccountId() accountId: string,
    @Param('bus') bus: string,
    @Param('rule') rule: string,
  ): Promise<void> {
    await this.rules.setState(accountId, bus, rule, 'DISABLED');
  }

  /**
   * Creates or replaces targets by id. An entry's `keepSecrets` keeps those sealed parts of the
   * stored target where the entry does not give them; other parts it does not give are removed. An
   * entry of type `api-destination` names an API destination of the account (400 when it does not
   * exist or its connection is not AUTHORIZED).
   */
  @Put(':rule/targets')
  putTargets(
    @AccountId() accountId: string,
    @Param('bus') bus: string,
    @Param('rule') rule: string,
    @Body(new ZodPipe(putTargetsDto)) body: z.infer<typeof putTargetsDto>,
  ) {
    const { targets, keepSecrets } = targetsToPut(body.targets);
    return this.targetEntries.put(accountId, bus, rule, targets, keepSecrets);
  }

  @Get(':rule/targets')
  listTargets(
    @AccountId() accountId: string,
    @Param('bus') bus: string,
    @Param('rule') rule: string,
    @Query(new ZodPipe(listTargetsQuery)) q: z.infer<typeof listTargetsQuery>,
  ) {
    const list = ['event-buses', bus, 'rules', rule, 'targets'];
    return restPage({ list, owner: accountId, query: q }, (page) =>
      this.rules.listTargets(accountId, bus, rule, page),
    );
  }

  /** `DELETE …/targets?ids=a,b` removes those targets. */
  @Delete(':rule/targets')
  removeTargets(
    @AccountId() accountId: string,
    @Param('bus') bus: string,
    @Param('rule') rule: string,
    @Query(new ZodPipe(removeTargetsQuery)) q: z.infer<typeof removeTargetsQuery>,
  ) {
    return this.rules.removeTargets(accountId, bus, rule, q.ids);
  }
}
