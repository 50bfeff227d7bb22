import { loadConfig } from '#libs/config';
import { runMigrations } from '#libs/db';
import { createGatewayApp } from './gateway/src/gateway.factory.js';
import { createWorkerApp } from './worker/src/worker.factory.js';
import { exitGracefullyOnSignals, gatewayShutdown } from './shutdown.js';

/**
 * `npm start`: migrate, then run the gateway and the worker in one process — the one-command setup
 * for a laptop or a single VM. Production runs the three entry points apart (docker-compose.yml).
 */
async function main(): Promise<void> {
  const config = loadConfig();
  await runMigrations(config.databaseUrl);
  const worker = await createWorkerApp(config);
  const gateway = await createGatewayApp(config);
  exitGracefullyOnSignals([gatewayShutdown(gateway), worker], config.shutdownTimeoutMs);
  await gateway.listen({ port: config.port, host: config.host });
  console.log(`Hookbridge listening on ${config.publicUrl} (gateway + worker in one process)`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
