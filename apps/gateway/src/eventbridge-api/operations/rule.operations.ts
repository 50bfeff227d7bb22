import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { Arns, invalid, PatternToolsService, type RuleView, RulesService, TagsService } from '#libs/domain';
import {
  accountOperation,
  compact,
  name,
  type OperationTable,
  operationPage,
  pageInput,
} from '../operation.js';
import { busNameOf, busNameOrArn } from './bus-name.js';
import { creationTags, tagList } from './tag.operations.js';

const ruleRef = { Name: name(64), EventBusName: busNameOrArn.optional() };

/** Rules of the calling account's buses, and TestEventPattern. */
@Injectable()
export class RuleOperations {
  constructor(
    private readonly rules: RulesService,
    private readonly patterns: PatternToolsService,
    private readonly tags: TagsService,
    private readonly arns: Arns,
  ) {}

  private bus = (accountId: string, nameOrArn?: string) => busNameOf(this.arns, accountId, nameOrArn);

  /** Whether the bus has the rule; a missing bus is ResourceNotFoundException. */
  private async exists(accountId: string, bus: string, name: string): Promise<boolean> {
    return (await this.rules.list(accountId, bus, name)).some((r) => r.name === name);
  }

  readonly table: OperationTable = {
    /** PutRule replaces the rule: omitted members go back to their defaults, as in AWS. */
    PutRule: accountOperation(
      z.object({
        ...ruleRef,
        EventPattern: z.string().min(1).max(4096).optional(),
        ScheduleExpression: z.string().max(256).optional(),
        State: z.string().optional(),
        Description: z.string().max(512).optional(),
        // Its shape (an IAM role ARN) is checked by the domain, for REST alike.
        RoleArn: z.string().min(1).max(1600).optional(),
        Tags: tagList.optional(),
      }),
      async (accountId, i) => {
        if (i.ScheduleExpression)
          throw invalid('ScheduleExpression is not supported: rules match event patterns.');
        if (!i.EventPattern)
          throw invalid('Parameter(s) EventPattern or ScheduleExpression must be specified.');
        if (i.State !== undefined && i.State !== 'ENABLED' && i.State !== 'DISABLED')
          throw invalid(`State must be ENABLED or DISABLED, not '${i.State}'.`);
        const bus = this.bus(accountId, i.EventBusName);
        const tags = creationTags(i.Tags);
        // AWS applies Tags only when PutRule creates the rule; an update ignores them (TagResource).
        const created = tags.length > 0 && !(await this.exists(accountId, bus, i.Name));
        const { arn } = await this.rules.put(accountId, bus, i.Name, {
          eventPattern: i.EventPattern,
          state: i.State,
          description: i.Description,
          roleArn: i.RoleArn,
        });
        if (created) await this.tags.tag(accountId, arn, tags);
        return { RuleArn: arn };
      },
    ),

    /** As in AWS, deleting a rule that does not exist succeeds; its bus must exist. */
    DeleteRule: accountOperation(
      z.object({ ...ruleRef, Force: z.boolean().optional() }),
      async (accountId, i) => {
        const bus = this.bus(accountId, i.EventBusName);
        if (await this.exists(accountId, bus, i.Name)) await this.rules.delete(accountId, bus, i.Name);
      },
    ),

    DescribeRule: accountOperation(z.object(ruleRef), async (accountId, i) => ({
      ...rule(await this.rules.get(accountId, this.bus(accountId, i.EventBusName), i.Name)),
      CreatedBy: accountId,
    })),

    ListRules: accountOperation(
      z.object({ NamePrefix: name(64).optional(), EventBusName: busNameOrArn.optional(), ...pageInput }),
      async (accountId, i) => {
        const bus = this.bus(accountId, i.EventBusName);
        const filters = { EventBusName: bus, NamePrefix: i.NamePrefix };
        const page = await operationPage({ operation: 'ListRules', owner: accountId, filters }, i, (p) =>
          this.rules.listPage(accountId, bus, i.NamePrefix ?? '', p),
        );
        return compact({ Rules: page.items.map(rule), NextToken: page.nextToken });
      },
    ),

    EnableRule: accountOperation(z.object(ruleRef), async (accountId, i) =>
      this.rules.setState(accountId, this.bus(accountId, i.EventBusName), i.Name, 'ENABLED'),
    ),

    DisableRule: accountOperation(z.object(ruleRef), async (accountId, i) =>
      this.rules.setState(accountId, this.bus(accountId, i.EventBusName), i.Name, 'DISABLED'),
    ),

    TestEventPattern: accountOperation(
      z.object({ EventPattern: z.string().min(1).max(4096), Event: z.string().min(1) }),
      async (_accountId, i) => ({ Result: this.patterns.test(i.EventPattern, i.Event) }),
    ),
  };
}

function rule(r: RuleView): object {
  return compact({
    Name: r.name,
    Arn: r.arn,
    EventPattern: r.eventPattern,
    State: r.state,
    Description: r.description,
    RoleArn: r.roleArn,
    EventBusName: r.eventBusName,
  });
}
