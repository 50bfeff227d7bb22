import { loadConfig } from '#libs/config';
import { runMigrations } from './migrate.js';

/** Entry point of the `migrate` process: apply migrations, then exit. */
async function main(): Promise<void> {
  const config = loadConfig();
  await runMigrations(config.databaseUrl);
  console.log(JSON.stringify({ level: 'info', msg: 'migrations applied' }));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
