import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { checkTags, type Tag, TagsService } from '#libs/domain';
import { accountOperation, type OperationTable } from '../operation.js';

/** AWS's `Tags`: a list of `{Key, Value}`. */
export const tagList = z
  .array(z.object({ Key: z.string().min(1).max(128), Value: z.string().max(256) }))
  .max(50);

export const toTags = (tags: z.infer<typeof tagList>): Tag[] =>
  tags.map((t) => ({ key: t.Key, value: t.Value }));

/** The Tags of a create request, checked before anything is created (refused tags leave nothing behind). */
export function creationTags(tags: z.infer<typeof tagList> | undefined): Tag[] {
  const list = toTags(tags ?? []);
  checkTags(list);
  return list;
}

const resourceArn = z.string().min(1).max(1600);

/** Tags on event buses and rules, by ARN. */
@Injectable()
export class TagOperations {
  constructor(private readonly tags: TagsService) {}

  readonly table: OperationTable = {
    TagResource: accountOperation(
      z.object({ ResourceARN: resourceArn, Tags: tagList }),
      async (accountId, i) => this.tags.tag(accountId, i.ResourceARN, toTags(i.Tags)),
    ),

    UntagResource: accountOperation(
      z.object({ ResourceARN: resourceArn, TagKeys: z.array(z.string().min(1).max(128)).max(50) }),
      async (accountId, i) => this.tags.untag(accountId, i.ResourceARN, i.TagKeys),
    ),

    ListTagsForResource: accountOperation(z.object({ ResourceARN: resourceArn }), async (accountId, i) => ({
      Tags: (await this.tags.list(accountId, i.ResourceARN)).map((t) => ({ Key: t.key, Value: t.value })),
    })),
  };
}
