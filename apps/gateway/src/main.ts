import { loadConfig } from '#libs/config';
import { exitGracefullyOnSignals, gatewayShutdown } from '../../shutdown.js';
import { createGatewayApp } from './gateway.factory.js';

/** Entry point of the gateway process. */
async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createGatewayApp(config);
  exitGracefullyOnSignals([gatewayShutdown(app)], config.shutdownTimeoutMs);
  await app.listen({ port: config.port, host: config.host });
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
