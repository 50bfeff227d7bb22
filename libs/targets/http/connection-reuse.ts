import diagnosticsChannel from 'node:diagnostics_channel';

/**
 * Tells a request whether undici wrote it on a connection that had carried a request before (a
 * kept-alive one) or on a new one, each time it is written. Undici publishes each request it
 * creates on `undici:request:create`, and again on `undici:client:sendHeaders` with the socket it is
 * about to be written on. Our pools have no connection limit, so undici creates the request within
 * the `dispatch` call that hands it over ({@link watchConnectionReuse}); a request created at any
 * other time (none here) would simply not be told.
 *
 * What for: a server that closes an idle connection can do so just as a request is written on
 * it, and the request then fails before any answer — through no fault of the target. See
 * `HttpTransport` for the repeat this allows.
 */
type Listener = (reused: boolean) => void;

/** Undici's request objects, each with who wants to know where it is written. */
const listeners = new WeakMap<object, Listener>();
/** Sockets that have had a request written on them (every undici request of the process). */
const used = new WeakSet<object>();
/** Who wants to know about the request undici creates in the dispatch under way, if any. */
let dispatching: Listener | undefined;

diagnosticsChannel.subscribe('undici:request:create', (message: unknown) => {
  const { request } = message as { request?: object };
  if (request && dispatching) listeners.set(request, dispatching);
});

// From the first import on, so that a socket used before any request asked is known as used.
diagnosticsChannel.subscribe('undici:client:sendHeaders', (message: unknown) => {
  const { request, socket } = message as { request?: object; socket?: object };
  if (!socket) return;
  const reused = used.has(socket);
  if (!reused) used.add(socket);
  if (request) listeners.get(request)?.(reused);
});

/**
 * Runs `dispatch`, which hands undici one request, and calls `listener` each time undici writes that
 * request, with whether the connection it went on had carried a request before.
 */
export function watchConnectionReuse<T>(listener: Listener, dispatch: () => T): T {
  dispatching = listener;
  try {
    return dispatch();
  } finally {
    dispatching = undefined;
  }
}
