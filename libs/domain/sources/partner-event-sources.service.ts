import { Inject, Injectable } from '@nestjs/common';
import { and, eq } from 'drizzle-orm';
import { APP_CONFIG, type AppConfig } from '#libs/config';
import { DATABASE, type Database, eventBuses } from '#libs/db';
import {
  generateSecret,
  parseVerificationOptions,
  ProviderConfigError,
  validateSecret,
  type VerificationScheme,
  VERIFICATION_SCHEMES,
} from '#libs/providers';
import { generateOpaqueId, newId, SecretBox } from '#libs/security';
import { InvalidationService } from '#libs/queue';
import {
  alreadyExists,
  Arns,
  assertSourceName,
  DomainError,
  invalid,
  invalidState,
  notFound,
  partnerOfSource,
  type PartnerPrincipal,
} from '../common/index.js';
import { type KeysetPage, keysetPage, type KeysetResult } from '../common/keyset.js';
import { AccountsService } from '../accounts/accounts.service.js';
import { PartnersService } from '../partners/partners.service.js';
import { SourcesRepository, type SourceRow } from './sources.repository.js';
import { iso, type PartnerSourceView } from './source-views.js';

/** At most this many secrets are active at once on a source (rotation overlap). */
export const MAX_ACTIVE_SECRETS = 3;

export interface CreateSourceInput {
  name: string;
  account: string;
  verification?: { scheme?: string; secrets?: string[]; [option: string]: unknown };
}

/** What a partner does with its event sources: create, list, delete, rotate secrets. */
@Injectable()
export class PartnerEventSourcesService {
  private readonly box: SecretBox;

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: SourcesRepository,
    private readonly accounts: AccountsService,
    private readonly partners: PartnersService,
    private readonly arns: Arns,
    private readonly invalidation: InvalidationService,
  ) {
    this.box = new SecretBox(config.secretKey);
  }

  async create(partner: PartnerPrincipal, input: CreateSourceInput): Promise<PartnerSourceView> {
    assertSourceName(input.name);
    if (partnerOfSource(input.name) !== partner.partner) {
      throw invalid(
        `Event source names of partner ${partner.partner} must start with 'aws.partner/${partner.partner}/'.`,
      );
    }
    if (!(await this.accounts.exists(input.account))) throw notFound(`Account ${input.account}`);
    const { scheme: requested, secrets: given, ...rawOptions } = input.verification ?? {};
    const scheme = (requested ?? (await this.partners.get(partner.partner)).scheme) as VerificationScheme;
    if (!VERIFICATION_SCHEMES.includes(scheme)) {
      throw invalid(
        `Unknown verification scheme '${String(scheme)}'. Use one of: ${VERIFICATION_SCHEMES.join(', ')}.`,
      );
    }
    const options = this.parseOptions(scheme, rawOptions);
    const secrets = given ?? (scheme === 'none' ? [] : [generateSecret(scheme)]);
    if (secrets.length > MAX_ACTIVE_SECRETS)
      throw invalid(`At most ${MAX_ACTIVE_SECRETS} secrets may be active.`);
    if (scheme !== 'none' && secrets.length === 0)
      throw invalid(`Scheme '${scheme}' needs at least one secret.`);
    for (const s of secrets) this.checkSecret(scheme, s);

    const sourceId = newId();
    const secretIds = secrets.map(() => newId());
    try {
      const row = await this.db.transaction(async (tx) => {
        const created = await this.repo.insert(
          {
            id: sourceId,
            name: input.name,
            partnerName: partner.partner,
            accountId: input.account,
            state: 'PENDING',
            ingestId: generateOpaqueId(),
            scheme,
            options,
            expiresAt: new Date(Date.now() + this.config.pendingSourceTtlMs),
          },
          tx,
        );
        for (const [i, secret] of secrets.entries()) {
          await this.repo.insertSecret(
            { id: secretIds[i] ?? newId(), sourceId, secretEnc: this.box.seal(secret) },
            tx,
          );
        }
        return created;
      });
      return this.view(
        row,
        secrets.map((secret, i) => ({ id: secretIds[i] ?? '', secret })),
      );
    } catch (err) {
      if (isUniqueViolation(err)) throw alreadyExists(`Event source ${input.name}`);
      throw err;
    }
  }

  /**
   * One page of the partner's sources, history included: by name, then newest first (the key is
   * `[name, creation time, id]`).
   */
  async listPage(
    partner: PartnerPrincipal,
    namePrefix: string,
    page: KeysetPage,
  ): Promise<KeysetResult<PartnerSourceView>> {
    const rows = await this.repo.pageForPartner(partner.partner, { namePrefix }, page);
    return keysetPage(
      rows,
      page,
      (r) => r.key,
      (r) => this.view(r.row),
    );
  }

  /**
   * One page of the partner's live sources by name (the key is the name): what the EventBridge API's
   * ListPartnerEventSources lists, one entry per name; deleted sources stay only as history.
   */
  async listLivePage(
    partner: PartnerPrincipal,
    namePrefix: string,
    page: KeysetPage,
  ): Promise<KeysetResult<PartnerSourceView>> {
    const rows = await this.repo.livePageForPartner(partner.partner, namePrefix, page);
    return keysetPage(rows, page, 'name', (r) => this.view(r));
  }

  /** The source, with the ids (never the values) of its active secrets, for rotation. */
  async describe(partner: PartnerPrincipal, name: string): Promise<PartnerSourceView> {
    const row = await this.ownedLive(partner, name);
    const view = this.view(row);
    const active = await this.repo.activeSecrets([row.id]);
    return {
      ...view,
      verification: {
        ...view.verification,
        activeSecrets: active.map((s) => ({ id: s.id, createdAt: s.createdAt.toISOString() })),
      },
    };
  }

  /** The partner removes the source: the account's partner bus becomes DELETED, its rules kept. */
  async delete(partner: PartnerPrincipal, name: string, account: string): Promise<void> {
    const source = await this.ownedLive(partner, name);
    if (source.accountId !== account) throw notFound(`Event source ${name} for account ${account}`);
    await this.db.transaction(async (tx) => {
      await this.repo.setState(source.id, 'DELETED', null, tx);
      await tx
        .update(eventBuses)
        .set({ state: 'DELETED', updatedAt: new Date() })
        .where(and(eq(eventBuses.accountId, source.accountId), eq(eventBuses.name, source.name)));
    });
    await this.invalidation.publish('source', source.ingestId);
  }

  async addSecret(
    partner: PartnerPrincipal,
    name: string,
    secret?: string,
  ): Promise<{ id: string; secret: string }> {
    const source = await this.ownedLive(partner, name);
    if (source.scheme === 'none')
      throw invalidState(`Source ${name} uses scheme 'none', which has no secrets.`);
    const value = secret ?? generateSecret(source.scheme as VerificationScheme);
    this.checkSecret(source.scheme as VerificationScheme, value);
    const id = newId();
    await this.db.transaction(async (tx) => {
      // Lock the source row so two concurrent rotations cannot both pass the limit check.
      await this.repo.findLiveForAccount(source.accountId, source.name, tx, true);
      const active = await this.repo.activeSecrets([source.id], tx);
      if (active.length >= MAX_ACTIVE_SECRETS) {
        throw new DomainError(
          'LimitExceededException',
          `Source ${name} already has ${MAX_ACTIVE_SECRETS} active secrets; retire one first.`,
        );
      }
      await this.repo.insertSecret({ id, sourceId: source.id, secretEnc: this.box.seal(value) }, tx);
    });
    await this.invalidation.publish('source', source.ingestId);
    return { id, secret: value };
  }

  async retireSecret(partner: PartnerPrincipal, name: string, secretId: string): Promise<void> {
    const source = await this.ownedLive(partner, name);
    await this.db.transaction(async (tx) => {
      await this.repo.findLiveForAccount(source.accountId, source.name, tx, true);
      const active = await this.repo.activeSecrets([source.id], tx);
      if (!active.some((s) => s.id === secretId)) throw notFound(`Secret ${secretId} of source ${name}`);
      if (active.length === 1)
        throw invalidState(`Secret ${secretId} is the last active secret of ${name}; add another first.`);
      await this.repo.retireSecret(source.id, secretId, tx);
    });
    await this.invalidation.publish('source', source.ingestId);
  }

  /**
   * One page of every account's state for a source name this partner created, history included:
   * newest first (REST; the key is `[name, creation time, id]`), or by account, then oldest first
   * (the EventBridge API's ListPartnerEventSourceAccounts; the key is `[account, creation time, id]`).
   * 404 when the partner never created the name.
   */
  async listAccountsPage(
    partner: PartnerPrincipal,
    name: string,
    page: KeysetPage,
    order: 'newest-first' | 'by-account' = 'newest-first',
  ): Promise<KeysetResult<PartnerSourceView>> {
    const rows =
      order === 'by-account'
        ? await this.repo.accountsPageForPartner(partner.partner, name, page)
        : await this.repo.pageForPartner(partner.partner, { name }, page);
    // Rows are never deleted (a deleted source keeps its row): an empty first page means no source.
    if (rows.length === 0 && page.after === undefined) throw notFound(`Event source ${name}`);
    return keysetPage(
      rows,
      page,
      (r) => r.key,
      (r) => this.view(r.row),
    );
  }

  private async ownedLive(partner: PartnerPrincipal, name: string): Promise<SourceRow> {
    const row = await this.repo.findLive(name);
    // Another partner's source is reported exactly like a missing one.
    if (!row || row.partnerName !== partner.partner) throw notFound(`Event source ${name}`);
    return row;
  }

  private checkSecret(scheme: VerificationScheme, secret: string): void {
    try {
      validateSecret(scheme, secret);
    } catch (err) {
      if (err instanceof ProviderConfigError) throw invalid(err.message);
      throw err;
    }
  }

  private parseOptions(scheme: VerificationScheme, raw: Record<string, unknown>): Record<string, unknown> {
    try {
      return parseVerificationOptions(scheme, raw);
    } catch (err) {
      if (err instanceof ProviderConfigError) throw invalid(`verification: ${err.message}`);
      throw err;
    }
  }

  private view(row: SourceRow, secrets?: Array<{ id: string; secret: string }>): PartnerSourceView {
    return {
      name: row.name,
      arn: this.arns.eventSource(row.name),
      account: row.accountId,
      state: row.state,
      creationTime: row.createdAt.toISOString(),
      expirationTime: iso(row.expiresAt),
      ingestUrl: `${this.config.publicUrl}/ingest/${row.ingestId}`,
      verification: { scheme: row.scheme, options: row.options, ...(secrets ? { secrets } : {}) },
    };
  }
}

/** PostgreSQL's unique_violation. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; cause?: { code?: string } } | undefined;
  return e?.code === '23505' || e?.cause?.code === '23505';
}
