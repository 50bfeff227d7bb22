import { z } from 'zod';
import { arn, pageOf } from '../../docs/answer-schemas.js';
import { documentController } from '../../docs/operation-doc.js';
import { RulesController } from './rules.controller.js';
import { targetView } from './target-view.schema.js';

const rule = z
  .object({
    name: z.string(),
    arn,
    eventBusName: z.string(),
    eventPattern: z.string().meta({ description: 'The pattern as JSON text.' }),
    state: z.enum(['ENABLED', 'DISABLED']),
    description: z.string().optional(),
    roleArn: z.string().optional().meta({ description: 'An IAM role ARN: stored and returned, never used.' }),
  })
  .meta({ id: 'Rule' });

/** PutTargets' and RemoveTargets' answer: the entries that failed, each alone. */
const targetsResult = z
  .object({
    failedEntryCount: z.int(),
    failedEntries: z.array(
      z.object({ targetId: z.string(), errorCode: z.string(), errorMessage: z.string() }),
    ),
  })
  .meta({ id: 'TargetsResult' });

const noRule = '`ResourceNotFoundException`: no such bus or rule.';

export const rulesDocs = documentController(RulesController, {
  tag: 'Rules and targets',
  tagDescription:
    'Rules match events on a bus with the EventBridge pattern language; each has up to 5 targets ' +
    '(HTTP endpoints, API destinations, AWS EventBridge buses, other buses).',
  params: {
    bus: 'The bus name, URL-encoded (a partner bus name contains `/`).',
    rule: 'The rule name, `[.-_A-Za-z0-9]{1,64}`.',
  },
  operations: {
    list: { summary: 'List the rules of a bus', response: pageOf(rule) },
    put: {
      summary: 'Create or replace a rule (PutRule)',
      description:
        'The pattern is JSON text (as AWS takes it: the raw number text matters) or an object. The PUT replaces the rule: `state`, `description` and `roleArn` left out go back to ENABLED, none and none.',
      response: z.object({ arn }),
      errors: {
        400: '`InvalidEventPatternException`: the pattern is not valid; `ValidationException`: the rule name or the `roleArn` is not.',
        404: '`ResourceNotFoundException`: no such bus.',
      },
    },
    get: { summary: 'Describe a rule', response: rule, errors: { 404: noRule } },
    delete: {
      summary: 'Delete a rule',
      errors: { 400: '`ValidationException`: the rule still has targets.', 404: noRule },
    },
    enable: { summary: 'Enable a rule', errors: { 404: noRule } },
    disable: { summary: 'Disable a rule', errors: { 404: noRule } },
    putTargets: {
      summary: 'Create or replace targets (PutTargets)',
      description:
        'Each entry replaces the target with its id wholesale; an id may appear once per request. ' +
        '`keepSecrets` keeps those sealed parts of the stored target that the entry does not give ' +
        '(`auth`, `secretParameters`, `signingSecret` on HTTP targets, `credentials` on EventBridge ' +
        'ones). A target of type `api-destination` names an API destination of the account. A ' +
        'target whose input shaping is not valid fails alone (`failedEntries`).',
      response: targetsResult,
      errors: {
        400: '`LimitExceededException`: the rule would have more than 5 targets; or an API destination that does not exist or is not AUTHORIZED.',
        404: noRule,
      },
    },
    listTargets: {
      summary: 'List the targets of a rule',
      description: 'Settings in the clear; sealed parts (credentials, secret parameters) by name only.',
      response: pageOf(targetView),
      errors: { 404: noRule },
    },
    removeTargets: {
      summary: 'Remove targets (RemoveTargets)',
      description: '`ids` is a comma-separated list; an id that does not exist fails alone.',
      response: targetsResult,
      errors: { 404: noRule },
    },
  },
});
