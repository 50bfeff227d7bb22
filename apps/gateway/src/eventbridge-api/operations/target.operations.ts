import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { Arns, EventBridgeTargetsService, type PutTargetsResult, ROLE_ARN, RulesService } from '#libs/domain';
import {
  accountOperation,
  compact,
  name,
  type OperationTable,
  operationPage,
  pageInput,
} from '../operation.js';
import { busNameOf, busNameOrArn } from './bus-name.js';

const id = z
  .string()
  .regex(/^[.\-_A-Za-z0-9]{1,64}$/, 'Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+');
const stringMap = z.record(z.string(), z.string());

/** AWS's `Target`, with the members that apply to what Hookbridge delivers to. */
const target = z.object({
  Id: id,
  Arn: z.string().min(1).max(1600),
  /** Kept in the definition ListTargetsByRule returns; Hookbridge assumes no role. */
  RoleArn: z
    .string()
    .min(1)
    .max(1600)
    .regex(ROLE_ARN, 'Member must be an IAM role ARN (arn:aws:iam::<account>:role/<name>)')
    .optional(),
  Input: z.string().max(8192).optional(),
  InputPath: z.string().max(256).optional(),
  InputTransformer: z
    .object({ InputPathsMap: stringMap.optional(), InputTemplate: z.string().min(1).max(8192) })
    .optional(),
  RetryPolicy: z
    .object({
      MaximumRetryAttempts: z.number().int().min(0).max(185).optional(),
      MaximumEventAgeInSeconds: z.number().int().min(60).max(86_400).optional(),
    })
    .optional(),
  DeadLetterConfig: z.object({ Arn: z.string().max(1600).optional() }).optional(),
  HttpParameters: z
    .object({
      PathParameterValues: z.array(z.string()).optional(),
      HeaderParameters: stringMap.optional(),
      QueryStringParameters: stringMap.optional(),
    })
    .optional(),
});

const ruleRef = { Rule: name(64), EventBusName: busNameOrArn.optional() };

/** Targets of rules, named by ARN (API destinations, buses of this gateway, AWS event buses). */
@Injectable()
export class TargetOperations {
  constructor(
    private readonly targets: EventBridgeTargetsService,
    private readonly rules: RulesService,
    private readonly arns: Arns,
  ) {}

  private bus = (accountId: string, nameOrArn?: string) => busNameOf(this.arns, accountId, nameOrArn);

  readonly table: OperationTable = {
    PutTargets: accountOperation(
      z.object({ ...ruleRef, Targets: z.array(target).min(1).max(10) }),
      async (accountId, i) =>
        failures(await this.targets.put(accountId, this.bus(accountId, i.EventBusName), i.Rule, i.Targets)),
    ),

    RemoveTargets: accountOperation(
      z.object({ ...ruleRef, Ids: z.array(id).min(1).max(100), Force: z.boolean().optional() }),
      async (accountId, i) =>
        failures(
          await this.rules.removeTargets(accountId, this.bus(accountId, i.EventBusName), i.Rule, i.Ids),
        ),
    ),

    ListTargetsByRule: accountOperation(z.object({ ...ruleRef, ...pageInput }), async (accountId, i) => {
      const bus = this.bus(accountId, i.EventBusName);
      const filters = { EventBusName: bus, Rule: i.Rule };
      const page = await operationPage(
        { operation: 'ListTargetsByRule', owner: accountId, filters },
        i,
        (p) => this.targets.listPage(accountId, bus, i.Rule, p),
      );
      return compact({ Targets: page.items, NextToken: page.nextToken });
    }),

    ListRuleNamesByTarget: accountOperation(
      z.object({
        TargetArn: z.string().min(1).max(1600),
        EventBusName: busNameOrArn.optional(),
        ...pageInput,
      }),
      async (accountId, i) => {
        const bus = this.bus(accountId, i.EventBusName);
        const scope = {
          operation: 'ListRuleNamesByTarget',
          owner: accountId,
          filters: { EventBusName: bus, TargetArn: i.TargetArn },
        };
        const page = await operationPage(scope, i, (p) =>
          this.targets.ruleNamesByTargetPage(accountId, bus, i.TargetArn, p),
        );
        return compact({ RuleNames: page.items, NextToken: page.nextToken });
      },
    ),
  };
}

function failures(r: PutTargetsResult): object {
  return {
    FailedEntryCount: r.failedEntryCount,
    FailedEntries: r.failedEntries.map((f) => ({
      TargetId: f.targetId,
      ErrorCode: f.errorCode,
      ErrorMessage: f.errorMessage,
    })),
  };
}
