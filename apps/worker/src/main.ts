import { loadConfig } from '#libs/config';
import { createWorkerApp } from './worker.factory.js';

/** Entry point of the worker process. */
createWorkerApp(loadConfig()).catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
