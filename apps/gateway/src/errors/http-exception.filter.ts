import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';

import type { ErrorRecorder, Logger } from '@trafficshare/observability';

import { recordGatewayError } from './error-log';
import { toErrorResponse } from './http-error';

/** Every error of every route leaves as `{status:"error",code,message}`; 5xx are logged. */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  constructor(
    private readonly logger: Logger,
    /** The platform error log (admin console): every 5xx is recorded there too. */
    private readonly errors?: ErrorRecorder,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const { status, body } = toErrorResponse(exception, String(request.id));
    if (status >= 500) {
      this.logger.error(
        { err: exception, req_id: request.id, route: request.routeOptions?.url },
        'request failed',
      );
      recordGatewayError(this.errors, request, status, body.code, exception);
    }
    // A service's own limit (e.g. withdrawals) tells the client when to come back.
    const retryAfter = (body as { retry_after_s?: unknown }).retry_after_s;
    if (status === 429 && typeof retryAfter === 'number')
      void reply.header('retry-after', String(retryAfter));
    void reply.status(status).header('content-type', 'application/json; charset=utf-8').send(body);
  }
}
