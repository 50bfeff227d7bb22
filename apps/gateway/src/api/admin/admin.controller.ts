import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import type { z } from 'zod';
import { AccountsService, ApiKeysService, PartnersService } from '#libs/domain';
import { Auth } from '../../common/auth.guard.js';
import { ZodPipe } from '../../common/zod-body.pipe.js';
import { createAccountDto, createApiKeyDto, createPartnerDto } from './admin.dto.js';

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

  @Get('accounts')
  async listAccounts() {
    return { items: await this.accounts.list() };
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
  async listPartners() {
    return { items: await this.partners.list() };
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
