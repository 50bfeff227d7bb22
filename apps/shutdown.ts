import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { EventWriter } from '#libs/domain';

/** Something that can be closed gracefully (a Nest application or application context). */
export interface Closable {
  close(): Promise<void>;
}

/**
 * On SIGTERM or SIGINT: stop accepting work, let in-flight requests, commits and jobs finish
 * (`close()` runs every shutdown hook), then exit 0. If that takes longer than the deadline, exit 1
 * — whatever was not finished is still in PostgreSQL and is picked up again by the sweeper.
 */
export function exitGracefullyOnSignals(apps: readonly Closable[], deadlineMs: number): void {
  let closing = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    console.log(
      JSON.stringify({ level: 'info', msg: `${signal} received: shutting down (deadline ${deadlineMs} ms)` }),
    );
    setTimeout(() => {
      console.error(JSON.stringify({ level: 'error', msg: `shutdown exceeded ${deadlineMs} ms; exiting` }));
      process.exit(1);
    }, deadlineMs).unref();
    // Close in order: the gateway stops taking requests before the worker stops taking jobs.
    apps
      .reduce((p, app) => p.then(() => app.close()), Promise.resolve())
      .then(
        () => process.exit(0),
        (err: unknown) => {
          console.error(err);
          process.exit(1);
        },
      );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

/**
 * The gateway closes HTTP first: no new connections, and the requests already taken are answered.
 * Then the group commit's last batch adds its route jobs, and only then does Nest close the rest:
 * its shutdown hooks close the BullMQ queues before that batch would be done, and its route jobs
 * would be left to the sweeper.
 */
export function gatewayShutdown(app: NestFastifyApplication): Closable {
  return {
    close: async () => {
      await app.getHttpAdapter().close();
      await app.get(EventWriter).onApplicationShutdown();
      await app.close();
    },
  };
}
