import type { FastifyInstance, FastifyPluginAsync, FastifyReply } from 'fastify';
import { errorBody } from '../common/error-body.js';
import { readStaticFile } from './static-files.js';
import { HTML_PAGE_HEADERS } from '../common/html-headers.js';

/** Paths that belong to the server, never to the single-page app, even when no route matches. */
const SERVER_PREFIXES = ['/v1', '/ingest', '/health', '/metrics', '/docs', '/ops'];

const isServerPath = (path: string) => SERVER_PREFIXES.some((p) => path === p || path.startsWith(`${p}/`));

/**
 * A request for a file rather than a client route: anything under `/assets/`, or a top-level name
 * with an extension (`/favicon.ico`). Client routes carry names with dots (`aws.partner/github.com`),
 * so deeper paths always get the app.
 */
const isFileRequest = (path: string) => path.startsWith('/assets/') || /^\/[^/]*\.[A-Za-z0-9]+$/.test(path);

function decodePath(url: string): string | undefined {
  const path = url.split('?', 1)[0] ?? '/';
  try {
    return decodeURIComponent(path);
  } catch {
    return undefined;
  }
}

/**
 * Serves the built dashboard from `root` on GET (and HEAD) only: files as they are, and
 * `index.html` for any other path so client routes survive a reload. Nothing is served under the
 * server's own prefixes, and `POST /` (the EventBridge-compatible API) is left alone.
 */
export function dashboardRoutes(root: string): FastifyPluginAsync {
  return async (app: FastifyInstance) => {
    const notFound = (reply: FastifyReply, url: string) =>
      reply
        .status(404)
        .type('application/json; charset=utf-8')
        .send(errorBody('NotFound', `Cannot GET ${url}`));

    const sendIndex = async (reply: FastifyReply) => {
      const index = await readStaticFile(root, 'index.html');
      if (!index)
        return reply
          .status(404)
          .type('application/json; charset=utf-8')
          .send(errorBody('NotFound', 'The dashboard is not built: run `npm run build`.'));
      return reply.status(200).headers(HTML_PAGE_HEADERS).type(index.contentType).send(index.body);
    };

    app.get('/', async (_req, reply) => sendIndex(reply));

    app.get('/*', async (req, reply) => {
      const path = decodePath(req.url);
      if (path === undefined || isServerPath(path)) return notFound(reply, req.url);
      const file = path.endsWith('/') ? undefined : await readStaticFile(root, path.slice(1));
      if (file?.contentType.startsWith('text/html'))
        return reply.status(200).headers(HTML_PAGE_HEADERS).type(file.contentType).send(file.body);
      if (file) {
        // Vite names every asset by its content hash, so assets never change under their name.
        const cache = path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
        return reply
          .status(200)
          .headers({ 'cache-control': cache, 'x-content-type-options': 'nosniff' })
          .type(file.contentType)
          .send(file.body);
      }
      if (isFileRequest(path)) return notFound(reply, req.url);
      return sendIndex(reply);
    });
  };
}
