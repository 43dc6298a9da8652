import type { FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';

import { ErrorRecorder } from '@trafficshare/observability';

const recorders = new WeakMap<Redis, ErrorRecorder>();

/** The gateway's error-log writer: one per Redis client, so the process has one budget. */
export function gatewayErrorLog(redis: Redis): ErrorRecorder {
  let recorder = recorders.get(redis);
  if (!recorder) {
    recorder = new ErrorRecorder(redis);
    recorders.set(redis, recorder);
  }
  return recorder;
}

/** Appends a 5xx the gateway answered to the platform error log (never throws, never waits). */
export function recordGatewayError(
  recorder: ErrorRecorder | undefined,
  request: FastifyRequest,
  status: number,
  code: unknown,
  exception: unknown,
): void {
  if (!recorder || status < 500) return;
  const user = (request as { user?: { sub?: unknown } }).user;
  void recorder.record({
    app: 'gateway',
    kind: 'http_5xx',
    level: status === 503 || status === 504 ? 'warn' : 'error',
    requestId: String(request.id),
    route: `${request.method} ${request.routeOptions?.url ?? '?'}`,
    status,
    code: typeof code === 'string' ? code : 'internal',
    error: exception instanceof Error ? exception.constructor.name : typeof exception,
    userId: Number(user?.sub ?? 0) || 0,
    ip: request.ip,
  });
}
