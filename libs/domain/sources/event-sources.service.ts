import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '#libs/config';
import { DATABASE, type Database } from '#libs/db';
import { InvalidationService } from '#libs/queue';
import { Arns, invalidState, notFound } from '../common/index.js';
import { type KeysetPage, keysetPage, type KeysetResult } from '../common/keyset.js';
import { BusesRepository } from '../buses/buses.repository.js';
import { HeldEventsService } from '../events/held-events.service.js';
import { SourcesRepository, type SourceRow } from './sources.repository.js';
import { iso, latestPerName, type AccountSourceView } from './source-views.js';

/** What an account does with the sources partners offered it: list, activate, deactivate. */
@Injectable()
export class EventSourcesService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: SourcesRepository,
    private readonly buses: BusesRepository,
    private readonly held: HeldEventsService,
    private readonly arns: Arns,
    private readonly invalidation: InvalidationService,
  ) {}

  /** One page of the sources by name, each name in its latest life (the key is the name). */
  async listPage(
    accountId: string,
    namePrefix: string,
    page: KeysetPage,
  ): Promise<KeysetResult<AccountSourceView>> {
    const rows = await this.repo.latestPageForAccount(accountId, namePrefix, page);
    return keysetPage(rows, page, 'name', (r) => this.view(r));
  }

  async describe(accountId: string, name: string): Promise<AccountSourceView> {
    const row = latestPerName(await this.repo.listForAccount(accountId, name)).find((r) => r.name === name);
    if (!row) throw notFound(`Event source ${name}`);
    return this.view(row);
  }

  /** PENDING → ACTIVE, for a source whose partner bus exists (a deactivated association). */
  async activate(accountId: string, name: string): Promise<void> {
    const source = await this.db.transaction(async (tx) => {
      const s = await this.repo.findLiveForAccount(accountId, name, tx, true);
      if (!s) throw notFound(`Event source ${name}`);
      if (s.state === 'ACTIVE') throw invalidState(`Event source ${name} is already ACTIVE.`);
      const bus = await this.buses.find(accountId, name, tx);
      if (!bus || bus.state !== 'ACTIVE') {
        throw invalidState(
          `Event source ${name} has no matching event bus: associate it by creating the bus '${name}' with eventSourceName.`,
        );
      }
      await this.repo.setState(s.id, 'ACTIVE', null, tx);
      return s;
    });
    await this.afterActivation(source);
  }

  /** ACTIVE → PENDING; the bus and its rules stay. The source expires if left PENDING too long. */
  async deactivate(accountId: string, name: string): Promise<void> {
    const source = await this.db.transaction(async (tx) => {
      const s = await this.repo.findLiveForAccount(accountId, name, tx, true);
      if (!s) throw notFound(`Event source ${name}`);
      if (s.state !== 'ACTIVE') throw invalidState(`Event source ${name} is ${s.state}, not ACTIVE.`);
      await this.repo.setState(s.id, 'PENDING', new Date(Date.now() + this.config.pendingSourceTtlMs), tx);
      return s;
    });
    await this.invalidation.publish('source', source.ingestId);
  }

  /** Called once a source has become ACTIVE (activation or association). */
  async afterActivation(source: SourceRow): Promise<void> {
    await this.invalidation.publish('source', source.ingestId);
    await this.held.release(source.id);
  }

  private view(row: SourceRow): AccountSourceView {
    return {
      name: row.name,
      arn: this.arns.eventSource(row.name),
      createdBy: row.partnerName,
      state: row.state,
      creationTime: row.createdAt.toISOString(),
      expirationTime: iso(row.expiresAt),
    };
  }
}
