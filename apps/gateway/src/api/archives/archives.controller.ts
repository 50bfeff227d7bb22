import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import type { z } from 'zod';
import { ArchiveDryRunService, ArchivesService } from '#libs/domain';
import { AccountId, Auth } from '../../common/auth.guard.js';
import { restPage } from '../../common/pagination.js';
import { ZodPipe } from '../../common/zod-body.pipe.js';
import { createArchiveDto, dryRunDto, listArchivesQuery } from './archives.dto.js';

/** Archives of a bus's events, and a rule's dry run over one. */
@Controller('v1/archives')
@Auth('account')
export class ArchivesController {
  constructor(
    private readonly archives: ArchivesService,
    private readonly dryRuns: ArchiveDryRunService,
  ) {}

  @Post()
  create(
    @AccountId() accountId: string,
    @Body(new ZodPipe(createArchiveDto)) body: z.infer<typeof createArchiveDto>,
  ) {
    return this.archives.create(accountId, body);
  }

  @Get()
  list(
    @AccountId() accountId: string,
    @Query(new ZodPipe(listArchivesQuery)) q: z.infer<typeof listArchivesQuery>,
  ) {
    return restPage({ list: ['archives'], owner: accountId, query: q }, (page) =>
      this.archives.list(accountId, page),
    );
  }

  @Get(':name')
  get(@AccountId() accountId: string, @Param('name') name: string) {
    return this.archives.get(accountId, name);
  }

  @Delete(':name')
  @HttpCode(204)
  async delete(@AccountId() accountId: string, @Param('name') name: string): Promise<void> {
    await this.archives.delete(accountId, name);
  }

  /** `{eventPattern, from, to}` → `{matched, scanned, truncated, sample}` over the archive's events. */
  @Post(':name/dry-run')
  @HttpCode(200)
  dryRun(
    @AccountId() accountId: string,
    @Param('name') name: string,
    @Body(new ZodPipe(dryRunDto)) body: z.infer<typeof dryRunDto>,
  ) {
    return this.dryRuns.dryRun(accountId, name, body);
  }
}
