import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { z } from 'zod';
import { EventsQueryService, EventsSearchService, PatternToolsService, PutEventsService } from '#libs/domain';
import { AccountId, Auth } from '../../common/auth.guard.js';
import { pageQuery, restPage } from '../../common/pagination.js';
import { ZodPipe } from '../../common/zod-body.pipe.js';
import { putEventsDto, testPatternDto } from './put-events.dto.js';

const searchQuery = z.object({
  from: z.string().optional(),
  to: z.string().optional(),
  source: z.string().optional(),
  detailType: z.string().optional(),
  /** An event pattern (JSON) the events' envelopes must match; see EventsSearchService. */
  pattern: z.string().min(1).max(4_096).optional(),
  maxScan: z.coerce.number().int().min(1).max(100_000).optional(),
  ...pageQuery,
});

/** Events of the calling account: PutEvents, an event with its trace, TestEventPattern. */
@Controller('v1')
@Auth('account')
export class EventsController {
  constructor(
    private readonly events: EventsQueryService,
    private readonly put: PutEventsService,
    private readonly patterns: PatternToolsService,
    private readonly search: EventsSearchService,
  ) {}

  /** The scan budget may change from page to page; the filters may not (the token is bound to them). */
  @Get('events')
  list(@AccountId() accountId: string, @Query(new ZodPipe(searchQuery)) q: z.infer<typeof searchQuery>) {
    const scope = { list: ['events'], owner: accountId, query: q, unbound: ['maxScan'] };
    return restPage(scope, async (page) => {
      const { nextToken, ...found } = await this.search.search(accountId, {
        ...q,
        limit: page.limit,
        nextToken: page.after?.[0],
      });
      return { ...found, lastKey: nextToken === undefined ? undefined : [nextToken] };
    });
  }

  @Post('events')
  @HttpCode(200)
  putEvents(
    @AccountId() accountId: string,
    @Body(new ZodPipe(putEventsDto)) body: z.infer<typeof putEventsDto>,
  ) {
    return this.put.putEvents(accountId, body.entries);
  }

  @Get('events/:id')
  get(@AccountId() accountId: string, @Param('id') id: string) {
    return this.events.get(accountId, id);
  }

  @Post('test-event-pattern')
  @HttpCode(200)
  test(@Body(new ZodPipe(testPatternDto)) body: z.infer<typeof testPatternDto>) {
    return { result: this.patterns.test(body.eventPattern, body.event) };
  }
}
