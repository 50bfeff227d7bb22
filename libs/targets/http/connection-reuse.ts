import diagnosticsChannel from 'node:diagnostics_channel';

/**
 * Tells a request whether undici wrote it on a connection that had carried a request before (a
 * kept-alive one) or on a new one. Undici publishes each request on `undici:client:sendHeaders`
 * with the socket it is about to be written on; the request is recognised by its body, which
 * undici keeps as the very Buffer it was given. So only requests with a body are told (a GET or a
 * HEAD is not), and a request is told each time it is written, its repeat included.
 *
 * What for: a server that closes an idle connection can do so just as a request is written on
 * it, and the request then fails before any answer — through no fault of the target. See
 * `HttpTransport` for the repeat this allows.
 */
const listeners = new WeakMap<Uint8Array, (reused: boolean) => void>();
/** Sockets that have had a request written on them (every undici request of the process). */
const used = new WeakSet<object>();

function onSendHeaders(message: unknown): void {
  const { request, socket } = message as { request?: { body?: unknown }; socket?: object };
  if (!socket) return;
  const reused = used.has(socket);
  if (!reused) used.add(socket);
  const body = request?.body;
  if (body instanceof Uint8Array) listeners.get(body)?.(reused);
}

// From the first import on, so that a socket used before any request asked is known as used.
diagnosticsChannel.subscribe('undici:client:sendHeaders', onSendHeaders);

/** Calls `listener` each time the request sending `body` is written, with whether its connection was reused. */
export function watchConnectionReuse(body: Uint8Array, listener: (reused: boolean) => void): void {
  listeners.set(body, listener);
}
