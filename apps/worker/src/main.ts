import { loadConfig } from '#libs/config';
import { exitGracefullyOnSignals } from '../../shutdown.js';
import { createWorkerApp } from './worker.factory.js';
import { serveWorkerMetrics } from './metrics-server.js';

/** Entry point of the worker process. */
async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createWorkerApp(config);
  const metrics = await serveWorkerMetrics(config);
  // The metrics listener closes last, so the drain itself can be watched.
  exitGracefullyOnSignals(metrics ? [app, metrics] : [app], config.shutdownTimeoutMs);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
