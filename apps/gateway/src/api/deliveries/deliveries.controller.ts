import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { z } from 'zod';
import { DELIVERY_STATES, DeliveriesQueryService, RedriveService } from '#libs/domain';
import { AccountId, Auth } from '../../common/auth.guard.js';
import { pageQuery, restPage } from '../../common/pagination.js';
import { ZodPipe } from '../../common/zod-body.pipe.js';

const listQuery = z.object({
  state: z.enum(DELIVERY_STATES).optional(),
  bus: z.string().optional(),
  rule: z.string().optional(),
  target: z.string().optional(),
  errorCode: z.string().optional(),
  from: z.string().optional(),
  to: z.string().optional(),
  ...pageQuery,
});

/**
 * Strict: a member the filter does not know (a typo such as `rules`) would otherwise be dropped and
 * widen the redrive to every dead letter of the account.
 */
const redriveDto = z.strictObject({
  filter: z
    .strictObject({
      bus: z.string().optional(),
      rule: z.string().optional(),
      target: z.string().optional(),
      errorCode: z.string().optional(),
      from: z.string().optional(),
      to: z.string().optional(),
      ids: z.array(z.string()).max(10_000).optional(),
    })
    .default({}),
  dryRun: z.boolean().optional(),
});

/** Deliveries of the calling account, and redrive of dead letters. */
@Controller('v1/deliveries')
@Auth('account')
export class DeliveriesController {
  constructor(
    private readonly deliveries: DeliveriesQueryService,
    private readonly redrives: RedriveService,
  ) {}

  /** Newest first; the REST token carries the domain's own (time, id) cursor, bound to the query. */
  @Get()
  list(@AccountId() accountId: string, @Query(new ZodPipe(listQuery)) q: z.infer<typeof listQuery>) {
    return restPage({ list: ['deliveries'], owner: accountId, query: q }, async (page) => {
      const { items, nextToken } = await this.deliveries.list(accountId, q, page.limit, page.after?.[0]);
      return { items, lastKey: nextToken === undefined ? undefined : [nextToken] };
    });
  }

  /** Dead letters matching the filter go back to pending; `dryRun: true` only counts them. */
  @Post('redrive')
  @HttpCode(200)
  redriveMany(
    @AccountId() accountId: string,
    @Body(new ZodPipe(redriveDto)) body: z.infer<typeof redriveDto>,
  ) {
    return this.redrives.redriveMany(accountId, body.filter, body.dryRun ?? false);
  }

  @Post(':id/redrive')
  @HttpCode(200)
  redriveOne(@AccountId() accountId: string, @Param('id') id: string) {
    return this.redrives.redriveOne(accountId, id);
  }
}
