import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import type { z } from 'zod';
import { EventsQueryService, PatternToolsService, PutEventsService } from '#libs/domain';
import { AccountId, Auth } from '../../common/auth.guard.js';
import { ZodPipe } from '../../common/zod-body.pipe.js';
import { putEventsDto, testPatternDto } from './put-events.dto.js';

/** Events of the calling account: PutEvents, an event with its trace, TestEventPattern. */
@Controller('v1')
@Auth('account')
export class EventsController {
  constructor(
    private readonly events: EventsQueryService,
    private readonly put: PutEventsService,
    private readonly patterns: PatternToolsService,
  ) {}

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
