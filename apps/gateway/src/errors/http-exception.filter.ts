import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';

import type { Logger } from '@trafficshare/observability';

import { toErrorResponse } from './http-error';

/** Every error of every route leaves as `{status:"error",code,message}`; 5xx are logged. */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

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
    }
    void reply.status(status).header('content-type', 'application/json; charset=utf-8').send(body);
  }
}
