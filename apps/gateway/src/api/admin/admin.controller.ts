import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import type { z } from 'zod';
import { AccountsService, ApiKeysService, PartnersService } from '#libs/domain';
import { Auth } from '../../common/auth.guard.js';
import { restPage } from '../../common/pagination.js';
import { ZodPipe } from '../../common/zod-body.pipe.js';
import { createAccountDto, createApiKeyDto, createPartnerDto, listAdminQuery } from './admin.dto.js';

/** What only the admin token may do: manage accounts, partners and API keys. */
@Controller('v1')
@Auth('admin')
export class AdminController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly partners: PartnersService,
    private readonly keys: ApiKeysService,
  ) {}

  @Post('accounts')
  createAccount(@Body(new ZodPipe(createAccountDto)) body: z.infer<typeof createAccountDto>) {
    return this.accounts.create(body.name);
  }

  /** Oldest first. */
  @Get('accounts')
  listAccounts(@Query(new ZodPipe(listAdminQuery)) q: z.infer<typeof listAdminQuery>) {
    return restPage({ list: ['accounts'], owner: 'admin', query: q }, (page) => this.accounts.list(page));
  }

  @Get('accounts/:id')
  getAccount(@Param('id') id: string) {
    return this.accounts.get(id);
  }

  @Post('partners')
  createPartner(@Body(new ZodPipe(createPartnerDto)) body: z.infer<typeof createPartnerDto>) {
    return this.partners.create(body.name, body.scheme);
  }

  @Get('partners')
  listPartners(@Query(new ZodPipe(listAdminQuery)) q: z.infer<typeof listAdminQuery>) {
    return restPage({ list: ['partners'], owner: 'admin', query: q }, (page) => this.partners.list(page));
  }

  @Post('api-keys')
  async createApiKey(@Body(new ZodPipe(createApiKeyDto)) body: z.infer<typeof createApiKeyDto>) {
    return this.keys.issue(body);
  }

  @Delete('api-keys/:id')
  @HttpCode(204)
  async revokeApiKey(@Param('id') id: string): Promise<void> {
    await this.keys.revoke(id);
  }
}
