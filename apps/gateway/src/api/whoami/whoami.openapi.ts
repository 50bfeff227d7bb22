import { z } from 'zod';
import { accountId } from '../../docs/answer-schemas.js';
import { documentController } from '../../docs/operation-doc.js';
import { WhoamiController } from './whoami.controller.js';

export const whoamiDocs = documentController(WhoamiController, {
  tag: 'Who am I',
  operations: {
    whoami: {
      summary: 'The role of the token',
      description: 'And the account or partner it belongs to, so a client need not probe.',
      response: z
        .object({
          role: z.enum(['admin', 'partner', 'account']),
          accountId: accountId.optional(),
          partner: z.string().optional(),
        })
        .meta({ id: 'Whoami' }),
    },
  },
});
