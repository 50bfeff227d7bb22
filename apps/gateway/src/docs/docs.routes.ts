import type { FastifyInstance, FastifyPluginAsync, FastifyReply } from 'fastify';
import { errorBody } from '../common/error-body.js';
import { readStaticFile } from '../dashboard/static-files.js';
import type { JsonSchema } from './schema-components.js';
import { DOCS_HTML, DOCS_INIT_JS, DOCUMENT_PATH, SWAGGER_UI_FILES, SWAGGER_UI_ROOT } from './docs-page.js';
import { HTML_PAGE_HEADERS } from '../common/html-headers.js';

/**
 * The API reference, without a token (it holds no tenant data): `GET /docs` is the browsable UI,
 * `GET /docs/openapi.json` the OpenAPI document, which any origin may fetch (for other tools). The
 * document is built on its first request (about 100 ms of schema conversion kept off the start).
 */
export function docsRoutes(document: () => JsonSchema): FastifyPluginAsync {
  let json: string | undefined;
  return async (app: FastifyInstance) => {
    const page = async (_req: unknown, reply: FastifyReply) =>
      reply.status(200).headers(HTML_PAGE_HEADERS).type('text/html; charset=utf-8').send(DOCS_HTML);
    app.get('/docs', page);
    app.get('/docs/', page);

    app.get(DOCUMENT_PATH, async (_req, reply) =>
      reply
        .status(200)
        .headers({ 'cache-control': 'no-cache', 'access-control-allow-origin': '*' })
        .type('application/json; charset=utf-8')
        .send((json ??= JSON.stringify(document()))),
    );

    app.get('/docs/swagger-init.js', async (_req, reply) =>
      reply
        .status(200)
        .headers({ 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' })
        .type('text/javascript; charset=utf-8')
        .send(DOCS_INIT_JS),
    );

    app.get<{ Params: { file: string } }>('/docs/:file', async (req, reply) => {
      const file = SWAGGER_UI_FILES.has(req.params.file)
        ? await readStaticFile(SWAGGER_UI_ROOT, req.params.file)
        : undefined;
      if (!file)
        return reply
          .status(404)
          .type('application/json; charset=utf-8')
          .send(errorBody('NotFound', `Cannot GET ${req.url}`));
      // Named by swagger-ui-dist's version only, so a short cache: an upgrade shows within the hour.
      return reply
        .status(200)
        .headers({ 'cache-control': 'public, max-age=3600', 'x-content-type-options': 'nosniff' })
        .type(file.contentType)
        .send(file.body);
    });
  };
}
