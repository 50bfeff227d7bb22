import { Controller, Get, Query } from '@nestjs/common';
import { z } from 'zod';
import { DELIVERY_STATES, DeliveriesQueryService } from '#libs/domain';
import { AccountId, Auth } from '../../common/auth.guard.js';
import { ZodPipe } from '../../common/zod-body.pipe.js';

const listQuery = z.object({
  state: z.enum(DELIVERY_STATES).optional(),
  bus: z.string().optional(),
  rule: z.string().optional(),
  target: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  nextToken: z.string().optional(),
});

/** Deliveries of the calling account. */
@Controller('v1/deliveries')
@Auth('account')
export class DeliveriesController {
  constructor(private readonly deliveries: DeliveriesQueryService) {}

  @Get()
  list(@AccountId() accountId: string, @Query(new ZodPipe(listQuery)) q: z.infer<typeof listQuery>) {
    return this.deliveries.list(accountId, q, q.limit, q.nextToken);
  }
}
