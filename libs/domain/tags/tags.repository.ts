import { Inject, Injectable } from '@nestjs/common';
import { and, asc, count, eq, inArray, type SQL } from 'drizzle-orm';
import { DATABASE, type Database, type Executor, resourceTags } from '#libs/db';

/** A taggable resource: an event bus or a rule, by id. */
export type TaggedResource = { busId: string } | { ruleId: string };

export interface Tag {
  key: string;
  value: string;
}

/** Queries on the tags of buses and rules; every one is scoped to an account. */
@Injectable()
export class TagsRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async list(accountId: string, r: TaggedResource, ex: Executor = this.db): Promise<Tag[]> {
    return ex
      .select({ key: resourceTags.key, value: resourceTags.value })
      .from(resourceTags)
      .where(this.of(accountId, r))
      .orderBy(asc(resourceTags.key));
  }

  async count(accountId: string, r: TaggedResource, ex: Executor): Promise<number> {
    const [row] = await ex.select({ n: count() }).from(resourceTags).where(this.of(accountId, r));
    return row?.n ?? 0;
  }

  async remove(accountId: string, r: TaggedResource, keys: readonly string[], ex: Executor): Promise<void> {
    if (keys.length === 0) return;
    await ex.delete(resourceTags).where(and(this.of(accountId, r), inArray(resourceTags.key, [...keys])));
  }

  async insert(accountId: string, r: TaggedResource, tags: readonly Tag[], ex: Executor): Promise<void> {
    if (tags.length === 0) return;
    await ex.insert(resourceTags).values(
      tags.map((t) => ({
        accountId,
        busId: 'busId' in r ? r.busId : null,
        ruleId: 'ruleId' in r ? r.ruleId : null,
        key: t.key,
        value: t.value,
      })),
    );
  }

  private of(accountId: string, r: TaggedResource): SQL | undefined {
    return and(
      eq(resourceTags.accountId, accountId),
      'busId' in r ? eq(resourceTags.busId, r.busId) : eq(resourceTags.ruleId, r.ruleId),
    );
  }
}
