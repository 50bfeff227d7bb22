import type { Socket } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { errorBody, toErrorResponse } from './error-body.js';

/**
 * Errors Fastify raises before any route runs (a malformed URL, an over-long path parameter):
 * answered in the one JSON error shape like everything else.
 */
export function frameworkErrors(err: Error, _req: FastifyRequest, reply: FastifyReply): void {
  const { status, body } = toErrorResponse(err);
  void reply.status(status).send(body);
}

/**
 * Requests Node's HTTP parser rejects (bad bytes, an oversized header block, a timeout) never reach
 * Fastify; the socket gets a minimal JSON answer and is closed.
 */
export function clientErrorHandler(err: Error & { code?: string }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed || !socket.writable) {
    socket.destroy();
    return;
  }
  const [status, code, message] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'RequestHeaderFieldsTooLarge', 'The request headers are too large.']
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'RequestTimeout', 'The request took too long to arrive.']
        : [400, 'BadRequest', 'The request is not valid HTTP.'];
  const body = JSON.stringify(errorBody(code, message));
  socket.end(
    `HTTP/1.1 ${status} ${code}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
  socket.destroySoon();
}
