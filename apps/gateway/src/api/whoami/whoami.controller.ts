import { Controller, Get } from '@nestjs/common';
import type { Principal } from '#libs/domain';
import { Auth, CurrentPrincipal } from '../../common/auth.guard.js';

/** Who the token belongs to, so clients (the dashboard) need not probe. */
@Controller('v1/whoami')
@Auth('admin', 'partner', 'account')
export class WhoamiController {
  @Get()
  whoami(@CurrentPrincipal() p: Principal) {
    if (p.kind === 'admin') return { role: 'admin' };
    return p.kind === 'account'
      ? { role: 'account', accountId: p.accountId }
      : { role: 'partner', partner: p.partner };
  }
}
