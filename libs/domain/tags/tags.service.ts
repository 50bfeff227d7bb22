import { Inject, Injectable } from '@nestjs/common';
import { DATABASE, type Database } from '#libs/db';
import { Arns, DomainError, invalid, notFound } from '../common/index.js';
import { BusesRepository } from '../buses/buses.repository.js';
import { RulesRepository } from '../rules/rules.repository.js';
import { isUniqueViolation } from '../sources/partner-event-sources.service.js';
import { type Tag, TagsRepository, type TaggedResource } from './tags.repository.js';

/** AWS's limit of tags per resource. */
export const MAX_TAGS = 50;

/** Tags on event buses and rules, named by ARN (as in AWS's TagResource). Tags go with their resource. */
@Injectable()
export class TagsService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly repo: TagsRepository,
    private readonly buses: BusesRepository,
    private readonly rules: RulesRepository,
    private readonly arns: Arns,
  ) {}

  /** Adds tags, replacing the values of keys already present. */
  async tag(accountId: string, arn: string, tags: readonly Tag[]): Promise<void> {
    checkTags(tags);
    const keys = tags.map((t) => t.key);
    const resource = await this.resource(accountId, arn);
    try {
      await this.db.transaction(async (tx) => {
        await this.repo.remove(accountId, resource, keys, tx);
        await this.repo.insert(accountId, resource, tags, tx);
        if ((await this.repo.count(accountId, resource, tx)) > MAX_TAGS)
          throw new DomainError('LimitExceededException', `A resource can have at most ${MAX_TAGS} tags.`);
      });
    } catch (err) {
      // Another TagResource on the same key committed first.
      if (isUniqueViolation(err))
        throw new DomainError('ConcurrentModificationException', `Tags of ${arn} changed concurrently.`);
      throw err;
    }
  }

  async untag(accountId: string, arn: string, keys: readonly string[]): Promise<void> {
    const resource = await this.resource(accountId, arn);
    await this.repo.remove(accountId, resource, keys, this.db);
  }

  async list(accountId: string, arn: string): Promise<Tag[]> {
    return this.repo.list(accountId, await this.resource(accountId, arn));
  }

  /**
   * The bus (`event-bus/<name>`) or rule (`rule/<name>` on the default bus, `rule/<bus>/<name>`)
   * an ARN of this account names. Rule names have no `/`, so the last segment is the rule.
   */
  private async resource(accountId: string, arn: string): Promise<TaggedResource> {
    const resource = this.arns.resourceOf(accountId, arn) ?? '';
    const bus = /^event-bus\/(.+)$/.exec(resource);
    if (bus) {
      const row = await this.buses.find(accountId, bus[1] ?? '');
      if (row) return { busId: row.id };
    }
    const rule = /^rule\/(?:(.+)\/)?([^/]+)$/.exec(resource);
    if (rule) {
      const busRow = await this.buses.find(accountId, rule[1] ?? 'default');
      const row = busRow ? await this.rules.find(accountId, busRow.id, rule[2] ?? '') : undefined;
      if (row) return { ruleId: row.id };
    }
    throw notFound(`Resource ${arn}`);
  }
}

/**
 * Throws ValidationException unless the tags may be set: to be called before creating a resource
 * with tags too, so that refused tags leave nothing behind.
 */
export function checkTags(tags: readonly Tag[]): void {
  for (const t of tags) checkTag(t);
  if (new Set(tags.map((t) => t.key)).size !== tags.length) throw invalid('Tag keys must be unique.');
}

function checkTag(t: Tag): void {
  if (t.key.length < 1 || t.key.length > 128) throw invalid('Tag keys must be 1 to 128 characters.');
  if (t.value.length > 256) throw invalid('Tag values must be at most 256 characters.');
  if (t.key.startsWith('aws:'))
    throw invalid(`Tag key '${t.key}' is reserved: keys may not start with 'aws:'.`);
}
