import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import type { z } from 'zod';
import { type PartnerPrincipal, PutEventsService } from '#libs/domain';
import { Auth, PartnerCaller } from '../../common/auth.guard.js';
import { ZodPipe } from '../../common/zod-body.pipe.js';
import { putPartnerEventsDto } from '../events/put-events.dto.js';

/** PutPartnerEvents: a partner publishes events to its sources without a webhook. */
@Controller('v1/partner-events')
@Auth('partner')
export class PartnerEventsController {
  constructor(private readonly put: PutEventsService) {}

  @Post()
  @HttpCode(200)
  putPartnerEvents(
    @PartnerCaller() partner: PartnerPrincipal,
    @Body(new ZodPipe(putPartnerEventsDto)) body: z.infer<typeof putPartnerEventsDto>,
  ) {
    return this.put.putPartnerEvents(partner, body.entries);
  }
}
