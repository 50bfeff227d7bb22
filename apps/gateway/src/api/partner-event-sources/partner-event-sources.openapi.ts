import { z } from 'zod';
import { VERIFICATION_SCHEMES } from '#libs/providers';
import { accountId, arn, pageOf, timestamp } from '../../docs/answer-schemas.js';
import { documentController } from '../../docs/operation-doc.js';
import { PartnerEventSourcesController } from './partner-event-sources.controller.js';

const SOURCE_STATES = ['PENDING', 'ACTIVE', 'DELETED'] as const;

const summary = {
  name: z.string(),
  arn,
  account: accountId,
  state: z.enum(SOURCE_STATES),
  creationTime: timestamp,
  expirationTime: timestamp.optional().meta({ description: 'When a PENDING source expires.' }),
  ingestUrl: z.url().meta({ description: 'Where the partner posts its webhooks for this source.' }),
};

const source = z
  .object({
    ...summary,
    verification: z.object({
      scheme: z.enum(VERIFICATION_SCHEMES),
      options: z.record(z.string(), z.unknown()).optional().meta({ description: "The scheme's options." }),
      secrets: z
        .array(z.object({ id: z.string(), secret: z.string() }))
        .optional()
        .meta({ description: 'The secrets, in the creation answer only.' }),
      activeSecrets: z
        .array(z.object({ id: z.string(), createdAt: timestamp }))
        .optional()
        .meta({ description: 'The ids (never the values) of the active secrets, when described.' }),
    }),
  })
  .meta({ id: 'PartnerEventSource' });

const accountState = z.object({
  account: accountId,
  state: z.enum(SOURCE_STATES),
  creationTime: timestamp,
  expirationTime: timestamp.optional(),
});

export const partnerEventSourcesDocs = documentController(PartnerEventSourcesController, {
  tag: 'Partner event sources',
  tagDescription:
    "A partner's event sources: each is created for one account, which sees it PENDING until it " +
    'associates it. Verification schemes and their options: docs/providers.md.',
  params: {
    name: 'The source name, `aws.partner/<partner>/<namespace…>`, URL-encoded (it contains `/`).',
  },
  operations: {
    create: {
      summary: 'Create a partner event source for an account',
      description:
        'The name starts with `aws.partner/<partner>/`. The source is PENDING until the account ' +
        'associates it. `verification.secrets` left out: one is generated (not for `none`). The ' +
        "answer shows the secrets once. Other members of `verification` are the scheme's options.",
      response: source,
      errors: {
        400: "Also: a name outside the partner's prefix, an unknown scheme, a bad secret or option.",
        404: '`ResourceNotFoundException`: no such account.',
        409: '`ResourceAlreadyExistsException`: the account has a source of that name.',
      },
    },
    list: {
      summary: "List the partner's event sources",
      response: pageOf(z.object(summary).meta({ id: 'PartnerEventSourceSummary' })),
    },
    describe: {
      summary: 'Describe a partner event source',
      description: 'With the ids of its active secrets, for rotation.',
      response: source,
    },
    accounts: {
      summary: "Every account's state for a source name",
      description: 'History included: a name deleted and created again shows each life.',
      response: pageOf(accountState),
    },
    delete: {
      summary: 'Delete a partner event source',
      description: "The account's partner bus becomes DELETED; its rules are kept.",
      errors: { 404: '`ResourceNotFoundException`: no such source for that account.' },
    },
    addSecret: {
      summary: 'Add a secret (rotation)',
      description: 'At most 3 are active at once. Without `secret`, one is generated. Shown once.',
      response: z.object({ id: z.string(), secret: z.string() }),
      errors: {
        400: '`LimitExceededException`: 3 secrets are active already.',
        409: "`InvalidStateException`: the source's scheme is `none`.",
      },
    },
    retireSecret: {
      summary: 'Retire a secret',
      params: { id: 'The secret id.' },
      errors: { 409: '`InvalidStateException`: it is the last active secret.' },
    },
  },
});
