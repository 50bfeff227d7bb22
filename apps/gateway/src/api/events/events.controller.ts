import { Controller, Get, Param } from '@nestjs/common';
import { EventsQueryService } from '#libs/domain';
import { AccountId, Auth } from '../../common/auth.guard.js';

/** An event with its trace. */
@Controller('v1/events')
@Auth('account')
export class EventsController {
  constructor(private readonly events: EventsQueryService) {}

  @Get(':id')
  get(@AccountId() accountId: string, @Param('id') id: string) {
    return this.events.get(accountId, id);
  }
}
