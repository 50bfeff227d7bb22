import { Inject, Injectable } from '@nestjs/common';
import { asc, eq } from 'drizzle-orm';
import { DATABASE, type Database, partners } from '#libs/db';
import { VERIFICATION_SCHEMES, type VerificationScheme } from '#libs/providers';
import { alreadyExists, invalid, notFound } from '../common/index.js';
import { afterName, type KeysetPage, keysetPage, type KeysetResult } from '../common/keyset.js';

export interface PartnerView {
  name: string;
  scheme: VerificationScheme;
  createdAt: string;
}

/** `github.com`, `zendesk.com`: lower-case DNS-like names, as AWS partner names are. */
const PARTNER_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/;

/** SaaS providers registered with the gateway; `scheme` is their sources' default verification. */
@Injectable()
export class PartnersService {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async create(name: string, scheme: VerificationScheme = 'hmac'): Promise<PartnerView> {
    if (name.length > 128 || !PARTNER_NAME.test(name)) {
      throw invalid(`Partner name '${name}' is invalid: use a lower-case domain such as 'github.com'.`);
    }
    if (!VERIFICATION_SCHEMES.includes(scheme)) {
      throw invalid(
        `Unknown verification scheme '${scheme}'. Use one of: ${VERIFICATION_SCHEMES.join(', ')}.`,
      );
    }
    const [row] = await this.db.insert(partners).values({ name, scheme }).onConflictDoNothing().returning();
    if (!row) throw alreadyExists(`Partner ${name}`);
    return this.view(row);
  }

  async get(name: string): Promise<PartnerView> {
    const [row] = await this.db.select().from(partners).where(eq(partners.name, name));
    if (!row) throw notFound(`Partner ${name}`);
    return this.view(row);
  }

  /** One page of the partners by name (the key is the name). */
  async list(page: KeysetPage): Promise<KeysetResult<PartnerView>> {
    const rows = await this.db
      .select()
      .from(partners)
      .where(afterName(partners.name, page))
      .orderBy(asc(partners.name))
      .limit(page.limit + 1);
    return keysetPage(rows, page, 'name', (r) => this.view(r));
  }

  private view(row: typeof partners.$inferSelect): PartnerView {
    return {
      name: row.name,
      scheme: row.scheme as VerificationScheme,
      createdAt: row.createdAt.toISOString(),
    };
  }
}
