import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '#libs/config';
import { DATABASE, type Database } from '#libs/db';
import { newId } from '#libs/security';
import { InvalidationService } from '#libs/queue';
import {
  alreadyExists,
  Arns,
  BUS_NAME,
  invalid,
  type KeysetPage,
  keysetPage,
  type KeysetResult,
  notFound,
} from '../common/index.js';
import { assertSourceName } from '../common/names.js';
import { SourcesRepository, type SourceRow } from '../sources/sources.repository.js';
import { EventSourcesService } from '../sources/event-sources.service.js';
import { isUniqueViolation } from '../sources/partner-event-sources.service.js';
import { BusesRepository, type BusRow } from './buses.repository.js';

export interface BusView {
  name: string;
  arn: string;
  kind: string;
  state: string;
  eventSourceName?: string;
  description?: string;
  creationTime: string;
  lastModifiedTime: string;
}

/** Event buses. Creating a partner bus with `eventSourceName` is the association (PENDING → ACTIVE). */
@Injectable()
export class EventBusesService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: BusesRepository,
    private readonly sources: SourcesRepository,
    private readonly eventSources: EventSourcesService,
    private readonly arns: Arns,
    private readonly invalidation: InvalidationService,
  ) {}

  async create(
    accountId: string,
    input: { name: string; eventSourceName?: string; description?: string },
  ): Promise<BusView> {
    if (input.eventSourceName !== undefined)
      return this.associate(accountId, input.name, input.eventSourceName, input.description);
    if (!BUS_NAME.test(input.name))
      throw invalid(`Event bus name '${input.name}' is invalid: use [/.\\-_A-Za-z0-9], 1 to 256 characters.`);
    if (input.name.startsWith('aws.')) throw invalid(`EventBus name starting with 'aws.' is not valid.`);
    try {
      const row = await this.repo.insert(
        { id: newId(), accountId, name: input.name, kind: 'custom', description: input.description ?? null },
        this.db,
      );
      return this.view(row);
    } catch (err) {
      if (isUniqueViolation(err)) throw alreadyExists(`Event bus ${input.name}`);
      throw err;
    }
  }

  /** One page of the buses by name (the key is the name). */
  async listPage(accountId: string, namePrefix: string, page: KeysetPage): Promise<KeysetResult<BusView>> {
    const rows = await this.repo.list(accountId, namePrefix, page);
    return keysetPage(
      rows,
      page,
      (r) => [r.name],
      (r) => this.view(r),
    );
  }

  async get(accountId: string, name: string): Promise<BusView> {
    const row = await this.repo.find(accountId, name);
    if (!row) throw notFound(`Event bus ${name}`);
    return this.view(row);
  }

  /**
   * Sets the bus's description (`null` or an empty one removes it, left out keeps it); the only
   * setting of a bus that can change (EventBridge's KMS key and dead-letter queue do not apply here).
   */
  async update(accountId: string, name: string, input: { description?: string | null }): Promise<BusView> {
    const bus = await this.repo.find(accountId, name);
    if (!bus) throw notFound(`Event bus ${name}`);
    if (input.description === undefined) return this.view(bus);
    return this.view(await this.repo.setDescription(accountId, bus.id, input.description || null));
  }

  /** Deleting a partner bus returns its source to PENDING (it then expires unless re-associated). */
  async delete(accountId: string, name: string): Promise<void> {
    if (name === 'default') throw invalid('The default event bus cannot be deleted.');
    const source = await this.db.transaction(async (tx) => {
      const bus = await this.repo.find(accountId, name, tx, true);
      if (!bus) throw notFound(`Event bus ${name}`);
      await this.repo.delete(accountId, bus.id, tx);
      if (bus.kind !== 'partner') return undefined;
      const s = await this.sources.findLiveForAccount(accountId, name, tx, true);
      if (s && s.state === 'ACTIVE') {
        await this.sources.setState(
          s.id,
          'PENDING',
          new Date(Date.now() + this.config.pendingSourceTtlMs),
          tx,
        );
      }
      return s;
    });
    if (source) await this.invalidation.publish('source', source.ingestId);
    await this.invalidation.publish('bus-rules', `${accountId}/${name}`);
  }

  private async associate(
    accountId: string,
    name: string,
    eventSourceName: string,
    description?: string,
  ): Promise<BusView> {
    assertSourceName(eventSourceName);
    if (name !== eventSourceName)
      throw invalid(`A partner event bus must be named like its source: '${eventSourceName}'.`);
    const { bus, source } = await this.db.transaction(async (tx) => {
      const s: SourceRow | undefined = await this.sources.findLiveForAccount(accountId, name, tx, true);
      if (!s) throw notFound(`Event source ${name}`);
      const existing = await this.repo.find(accountId, name, tx, true);
      if (existing && existing.state === 'ACTIVE') throw alreadyExists(`Event bus ${name}`);
      let row: BusRow;
      if (existing) {
        // A bus left DELETED by the partner's deletion comes back with its rules.
        await this.repo.setState(accountId, existing.id, 'ACTIVE', tx);
        row = { ...existing, state: 'ACTIVE' };
      } else {
        row = await this.repo.insert(
          {
            id: newId(),
            accountId,
            name,
            kind: 'partner',
            eventSourceName,
            description: description ?? null,
          },
          tx,
        );
      }
      await this.sources.setState(s.id, 'ACTIVE', null, tx);
      return { bus: row, source: s };
    });
    await this.invalidation.publish('bus-rules', `${accountId}/${name}`);
    await this.eventSources.afterActivation(source);
    return this.view(bus);
  }

  private view(row: BusRow): BusView {
    return {
      name: row.name,
      arn: this.arns.eventBus(row.accountId, row.name),
      kind: row.kind,
      state: row.state,
      eventSourceName: row.eventSourceName ?? undefined,
      description: row.description ?? undefined,
      creationTime: row.createdAt.toISOString(),
      lastModifiedTime: row.updatedAt.toISOString(),
    };
  }
}
