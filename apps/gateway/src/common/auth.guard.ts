import {
  type CanActivate,
  type ExecutionContext,
  Injectable,
  SetMetadata,
  type Type,
  createParamDecorator,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { AccountsService, ApiKeysService, DomainError, notFound, type Principal } from '#libs/domain';

export type Role = Principal['kind'];
const ROLES = 'hookbridge:roles';

/** Which roles may call a route. The admin token may act as an account or partner by naming it. */
export const Auth = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES, roles);

/**
 * The roles `Auth` allows on a route (the handler's own, else its controller's), as the guard reads
 * them; undefined when the route needs no token.
 */
export function rolesOf(controller: Type, handler: (...args: never[]) => unknown): Role[] | undefined {
  return new Reflector().getAllAndOverride<Role[] | undefined>(ROLES, [handler, controller]);
}

type AuthedRequest = FastifyRequest & { principal?: Principal };

/**
 * Resolves the bearer token to a principal. An admin acts for an account with the header
 * `X-Hookbridge-Account: <id>` and for a partner with `X-Hookbridge-Partner: <name>`.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeysService,
    private readonly accounts: AccountsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!roles) return true;
    const req = context.switchToHttp().getRequest<AuthedRequest>();
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match?.[1])
      throw new DomainError('Unauthorized', 'Missing bearer token: send Authorization: Bearer <token>.');
    let principal = await this.keys.authenticate(match[1]);
    if (!principal) throw new DomainError('Unauthorized', 'The bearer token is not valid.');
    if (principal.kind === 'admin') principal = this.impersonate(req, roles) ?? principal;
    if (
      principal.kind === 'account' &&
      principal.keyId === 'admin' &&
      !(await this.accounts.exists(principal.accountId))
    ) {
      throw notFound(`Account ${principal.accountId}`);
    }
    if (!roles.includes(principal.kind)) {
      throw new DomainError(
        'AccessDeniedException',
        `This operation needs a ${roles.join(' or ')} credential.`,
      );
    }
    req.principal = principal;
    return true;
  }

  private impersonate(req: AuthedRequest, roles: Role[]): Principal | undefined {
    const account = req.headers['x-hookbridge-account'];
    const partner = req.headers['x-hookbridge-partner'];
    if (typeof account === 'string' && roles.includes('account'))
      return { kind: 'account', accountId: account, keyId: 'admin' };
    if (typeof partner === 'string' && roles.includes('partner'))
      return { kind: 'partner', partner, keyId: 'admin' };
    return undefined;
  }
}

/** The calling principal (set by AuthGuard). */
export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const p = ctx.switchToHttp().getRequest<AuthedRequest>().principal;
  if (!p) throw new DomainError('Unauthorized', 'Not authenticated.');
  return p;
});

/** The account id of an account principal. */
export const AccountId = createParamDecorator((_: unknown, ctx: ExecutionContext): string => {
  const p = ctx.switchToHttp().getRequest<AuthedRequest>().principal;
  if (p?.kind !== 'account')
    throw new DomainError('AccessDeniedException', 'This operation needs an account credential.');
  return p.accountId;
});

/** The partner principal. */
export const PartnerCaller = createParamDecorator((_: unknown, ctx: ExecutionContext) => {
  const p = ctx.switchToHttp().getRequest<AuthedRequest>().principal;
  if (p?.kind !== 'partner')
    throw new DomainError('AccessDeniedException', 'This operation needs a partner credential.');
  return p;
});
