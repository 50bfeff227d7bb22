import type { RuleRow } from './rules.repository.js';

/** A rule as every interface shows it. */
export interface RuleView {
  name: string;
  arn: string;
  eventBusName: string;
  eventPattern: string;
  state: 'ENABLED' | 'DISABLED';
  description?: string;
  /** The IAM role ARN the rule was put with: stored and returned (AWS's RoleArn), never assumed. */
  roleArn?: string;
}

/** The settings a put gives a rule: one left out goes back to its default, as in AWS's PutRule. */
export interface RuleInput {
  eventPattern: string | object;
  state?: 'ENABLED' | 'DISABLED';
  description?: string;
  roleArn?: string;
}

/** The view of a stored rule on the named bus, under its ARN. */
export function ruleView(r: RuleRow, arn: string, busName: string): RuleView {
  return {
    name: r.name,
    arn,
    eventBusName: busName,
    eventPattern: r.eventPattern,
    state: r.state,
    description: r.description ?? undefined,
    roleArn: r.roleArn ?? undefined,
  };
}
