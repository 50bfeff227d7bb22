import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { z } from 'zod';
import { ReplaysService } from '#libs/domain';
import { AccountId, Auth } from '../../common/auth.guard.js';
import { pageQuery, restPage } from '../../common/pagination.js';
import { ZodPipe } from '../../common/zod-body.pipe.js';
import { timeValue } from '../archives/archives.dto.js';

const startReplayDto = z.object({
  name: z.string().min(1),
  description: z.string().max(512).optional(),
  archive: z.string().min(1),
  eventStartTime: timeValue,
  eventEndTime: timeValue,
  destination: z
    .object({
      bus: z.string().min(1).optional(),
      filterRules: z.array(z.string().min(1)).max(100).optional(),
      rule: z.string().min(1).optional(),
      target: z.string().min(1).optional(),
    })
    .default({}),
});

const listQuery = z.object({
  state: z.enum(['STARTING', 'RUNNING', 'CANCELLING', 'COMPLETED', 'CANCELLED', 'FAILED']).optional(),
  ...pageQuery,
});

/** Replays of archived events into a bus, a set of rules, or one target. */
@Controller('v1/replays')
@Auth('account')
export class ReplaysController {
  constructor(private readonly replays: ReplaysService) {}

  @Post()
  start(
    @AccountId() accountId: string,
    @Body(new ZodPipe(startReplayDto)) body: z.infer<typeof startReplayDto>,
  ) {
    return this.replays.start(accountId, body);
  }

  /** By name (as the archives and every other list). */
  @Get()
  list(@AccountId() accountId: string, @Query(new ZodPipe(listQuery)) q: z.infer<typeof listQuery>) {
    return restPage({ list: ['replays'], owner: accountId, query: q }, (page) =>
      this.replays.listPage(accountId, { state: q.state }, page),
    );
  }

  @Get(':name')
  get(@AccountId() accountId: string, @Param('name') name: string) {
    return this.replays.get(accountId, name);
  }

  @Post(':name/cancel')
  @HttpCode(200)
  cancel(@AccountId() accountId: string, @Param('name') name: string) {
    return this.replays.cancel(accountId, name);
  }
}
