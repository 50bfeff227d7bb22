import { createServer } from 'node:http';
import type { AppConfig } from '#libs/config';
import { registry } from '#libs/observability';
import { bearerMatches } from '#libs/security';
import type { Closable } from '../../shutdown.js';

/**
 * The worker's routing and delivery metrics live in its own process, which serves no API: this
 * listener gives Prometheus `GET /metrics` (and `GET /health/live`) on `WORKER_METRICS_PORT`.
 * Started by the worker's entry point only (the all-in-one process serves them on the gateway).
 */
export async function serveWorkerMetrics(config: AppConfig): Promise<Closable | undefined> {
  if (config.workerMetricsPort === 0) return undefined;
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (path === '/health/live') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      return;
    }
    if (path !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    // As the gateway's /metrics (see MetricsController).
    const token = config.metricsToken;
    if (token !== undefined && !bearerMatches(req.headers.authorization, token)) {
      res
        .writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Bearer realm="metrics"' })
        .end(
          JSON.stringify({
            error: {
              code: 'Unauthorized',
              message: 'The metrics need the bearer token set in HOOKBRIDGE_METRICS_TOKEN.',
            },
          }),
        );
      return;
    }
    registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
      () => res.writeHead(500).end(),
    );
  });
  // Scrapes are short; an idle keep-alive connection must not hold the shutdown.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.workerMetricsPort, config.host, () => resolve());
  });
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
