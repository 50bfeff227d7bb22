/** Something that can be closed gracefully (a Nest application or application context). */
interface Closable {
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
