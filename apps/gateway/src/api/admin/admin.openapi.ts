import { z } from 'zod';
import { VERIFICATION_SCHEMES } from '#libs/providers';
import { accountId, pageOf, timestamp } from '../../docs/answer-schemas.js';
import { documentController } from '../../docs/operation-doc.js';
import { AdminController } from './admin.controller.js';

const account = z.object({ accountId, name: z.string(), createdAt: timestamp }).meta({ id: 'Account' });

const partner = z
  .object({ name: z.string(), scheme: z.enum(VERIFICATION_SCHEMES), createdAt: timestamp })
  .meta({ id: 'Partner' });

const issuedKey = z
  .object({
    id: z.uuid().meta({ description: 'The key id, to revoke it.' }),
    token: z.string().meta({ description: 'The bearer token. Shown once: only its hash is stored.' }),
    accessKeyId: z.string().meta({ description: 'For SigV4 on the EventBridge-compatible API.' }),
    secretAccessKey: z.string().meta({ description: 'For SigV4. Shown once.' }),
    role: z.enum(['account', 'partner']),
    accountId: accountId.optional(),
    partner: z.string().optional(),
  })
  .meta({ id: 'IssuedApiKey' });

export const adminDocs = documentController(AdminController, {
  tag: 'Admin',
  tagDescription: 'Accounts, partners and their API keys. The admin token only.',
  operations: {
    createAccount: {
      summary: 'Create an account',
      description: 'A customer tenant with a random 12-digit id, born with its `default` event bus.',
      response: account,
    },
    listAccounts: { summary: 'List the accounts', response: pageOf(account) },
    getAccount: {
      summary: 'Describe an account',
      params: { id: 'The 12-digit account id.' },
      response: account,
    },
    createPartner: {
      summary: 'Register a partner',
      description:
        'A SaaS provider, named like a lower-case domain (`github.com`). `scheme` (default `hmac`) is ' +
        'the verification its event sources get unless they name another.',
      response: partner,
      errors: { 409: '`ResourceAlreadyExistsException`: the partner is registered already.' },
    },
    listPartners: { summary: 'List the partners', response: pageOf(partner) },
    createApiKey: {
      summary: 'Issue an API key',
      description:
        'For exactly one of `accountId` or `partner`. The bearer token and the SigV4 secret are ' +
        'in this answer only.',
      response: issuedKey,
      errors: { 404: '`ResourceNotFoundException`: no such account or partner.' },
    },
    revokeApiKey: {
      summary: 'Revoke an API key',
      description: 'The token and the access key stop working at once.',
      params: { id: 'The key id (`id` in the answer that issued it).' },
    },
  },
});
