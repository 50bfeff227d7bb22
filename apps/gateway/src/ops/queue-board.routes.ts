import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Queue } from 'bullmq';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { constantTimeEquals } from '#libs/security';
import { errorBody } from '../common/error-body.js';

export const QUEUE_BOARD_PATH = '/ops/queues';

/**
 * The BullMQ queue board for operators, admin-only. The admin token is accepted as a bearer token
 * or as the password of Basic auth, so a browser can open the board after its login prompt.
 */
export function queueBoardRoutes(queues: readonly Queue[], adminToken: string): FastifyPluginAsync {
  return async (app: FastifyInstance) => {
    app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
      if (isAdmin(req.headers.authorization, adminToken)) return;
      await reply
        .status(401)
        .header('www-authenticate', 'Basic realm="Hookbridge operators", charset="UTF-8"')
        .send(
          errorBody(
            'Unauthorized',
            'The queue board needs the admin token (Bearer, or as the Basic auth password).',
          ),
        );
    });
    const server = new FastifyAdapter();
    server.setBasePath(QUEUE_BOARD_PATH);
    createBullBoard({ queues: queues.map((q) => new BullMQAdapter(q)), serverAdapter: server });
    await app.register(server.registerPlugin(), { prefix: QUEUE_BOARD_PATH });
    // Unknown operator paths stay behind the same check (and never fall through to the dashboard).
    app.get('/ops/*', async (req, reply) =>
      reply.status(404).send(errorBody('NotFound', `Cannot GET ${req.url.split('?')[0]}`)),
    );
  };
}

function isAdmin(header: string | undefined, adminToken: string): boolean {
  const bearer = /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1];
  if (bearer) return constantTimeEquals(bearer, adminToken);
  const basic = /^Basic\s+(\S+)$/i.exec(header ?? '')?.[1];
  if (!basic) return false;
  const decoded = Buffer.from(basic, 'base64').toString('utf8');
  return constantTimeEquals(decoded.slice(decoded.indexOf(':') + 1), adminToken);
}
