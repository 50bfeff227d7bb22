import { createRequire } from 'node:module';
import { dirname } from 'node:path';

/**
 * Where swagger-ui-dist's files are: served from the gateway's own installation, never a CDN, since
 * a self-hosted gateway may run without internet access.
 */
export const SWAGGER_UI_ROOT = dirname(
  createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'),
);

/** The files of swagger-ui-dist the page loads, served under `/docs/`. */
export const SWAGGER_UI_FILES = new Set([
  'swagger-ui.css',
  'swagger-ui-bundle.js',
  'favicon-32x32.png',
  'favicon-16x16.png',
]);

export const DOCUMENT_PATH = '/docs/openapi.json';

/** The API reference page: Swagger UI on the gateway's document. Its script is a file (CSP: no inline). */
export const DOCS_HTML = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Hookbridge API reference</title>
    <link rel="stylesheet" href="/docs/swagger-ui.css" />
    <link rel="icon" type="image/png" href="/docs/favicon-32x32.png" sizes="32x32" />
    <link rel="icon" type="image/png" href="/docs/favicon-16x16.png" sizes="16x16" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="/docs/swagger-ui-bundle.js"></script>
    <script src="/docs/swagger-init.js"></script>
  </body>
</html>
`;

/**
 * Starts Swagger UI. `validatorUrl: null` keeps it from sending the document to an online
 * validator; the token typed into Authorize stays in the page (not in localStorage).
 */
export const DOCS_INIT_JS = `window.ui = SwaggerUIBundle({
  url: ${JSON.stringify(DOCUMENT_PATH)},
  dom_id: '#swagger-ui',
  deepLinking: true,
  presets: [SwaggerUIBundle.presets.apis],
  layout: 'BaseLayout',
  validatorUrl: null,
  persistAuthorization: false,
  displayRequestDuration: true,
  docExpansion: 'list',
  defaultModelsExpandDepth: 0,
});
`;
