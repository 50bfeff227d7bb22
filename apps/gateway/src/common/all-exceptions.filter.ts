import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { toErrorResponse, UNAVAILABLE_RETRY_AFTER_S } from './error-body.js';

/** Every error leaving a controller is answered in the one JSON error shape. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger(AllExceptionsFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const { status, body, unexpected } = toErrorResponse(exception);
    if (unexpected)
      this.logger.error(
        exception instanceof Error ? (exception.stack ?? exception.message) : String(exception),
      );
    if (status === 503) void reply.header('retry-after', String(UNAVAILABLE_RETRY_AFTER_S));
    void reply.status(status).header('content-type', 'application/json; charset=utf-8').send(body);
  }
}
