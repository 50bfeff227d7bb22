import { Inject, Injectable } from '@nestjs/common';
import { and, eq, isNull } from 'drizzle-orm';
import { APP_CONFIG, type AppConfig } from '#libs/config';
import { DATABASE, type Database, apiKeys } from '#libs/db';
import {
  SecretBox,
  constantTimeEquals,
  generateAccessKeyId,
  generateSecretAccessKey,
  generateToken,
  hashToken,
  newId,
} from '#libs/security';
import { invalid, notFound, type Principal, UUID } from '../common/index.js';
import { AccountsService } from '../accounts/accounts.service.js';
import { PartnersService } from '../partners/partners.service.js';

export interface IssuedKey {
  id: string;
  token: string;
  accessKeyId: string;
  secretAccessKey: string;
  role: 'account' | 'partner';
  accountId?: string;
  partner?: string;
}

/**
 * API keys for partners and accounts. The bearer token is stored only as its hash; the SigV4
 * secret must be recoverable to check signatures, so it is stored encrypted.
 */
@Injectable()
export class ApiKeysService {
  private readonly box: SecretBox;

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly accounts: AccountsService,
    private readonly partners: PartnersService,
  ) {
    this.box = new SecretBox(config.secretKey);
  }

  async issue(owner: { accountId?: string; partner?: string }): Promise<IssuedKey> {
    if ((owner.accountId === undefined) === (owner.partner === undefined)) {
      throw invalid('Give exactly one of accountId or partner.');
    }
    if (owner.accountId !== undefined && !(await this.accounts.exists(owner.accountId))) {
      throw notFound(`Account ${owner.accountId}`);
    }
    if (owner.partner !== undefined) await this.partners.get(owner.partner);
    const token = generateToken();
    const accessKeyId = generateAccessKeyId();
    const secretAccessKey = generateSecretAccessKey();
    const role = owner.accountId !== undefined ? 'account' : 'partner';
    const id = newId();
    await this.db.insert(apiKeys).values({
      id,
      role,
      accountId: owner.accountId ?? null,
      partnerName: owner.partner ?? null,
      tokenHash: hashToken(token),
      tokenPrefix: token.slice(0, 8),
      accessKeyId,
      secretAccessKeyEnc: this.box.seal(secretAccessKey),
    });
    return {
      id,
      token,
      accessKeyId,
      secretAccessKey,
      role,
      accountId: owner.accountId,
      partner: owner.partner,
    };
  }

  /** Resolves a bearer token to its principal, or undefined when it is unknown or revoked. */
  async authenticate(token: string): Promise<Principal | undefined> {
    if (constantTimeEquals(token, this.config.adminToken)) return { kind: 'admin' };
    const [row] = await this.db
      .select()
      .from(apiKeys)
      .where(and(eq(apiKeys.tokenHash, hashToken(token)), isNull(apiKeys.revokedAt)));
    return row ? this.principalOf(row) : undefined;
  }

  /** For SigV4: the principal and the plain secret behind an access key id. */
  async findByAccessKeyId(
    accessKeyId: string,
  ): Promise<{ principal: Principal; secretAccessKey: string } | undefined> {
    const [row] = await this.db
      .select()
      .from(apiKeys)
      .where(and(eq(apiKeys.accessKeyId, accessKeyId), isNull(apiKeys.revokedAt)));
    return row
      ? { principal: this.principalOf(row), secretAccessKey: this.box.open(row.secretAccessKeyEnc) }
      : undefined;
  }

  async revoke(id: string): Promise<void> {
    // An id that is not a UUID names no key (PostgreSQL would refuse to compare it with one).
    if (!UUID.test(id)) throw notFound(`API key ${id}`);
    const rows = await this.db
      .update(apiKeys)
      .set({ revokedAt: new Date() })
      .where(eq(apiKeys.id, id))
      .returning();
    if (rows.length === 0) throw notFound(`API key ${id}`);
  }

  private principalOf(row: typeof apiKeys.$inferSelect): Principal {
    return row.role === 'account'
      ? { kind: 'account', accountId: row.accountId ?? '', keyId: row.id }
      : { kind: 'partner', partner: row.partnerName ?? '', keyId: row.id };
  }
}
