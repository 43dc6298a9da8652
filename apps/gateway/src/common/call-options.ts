import type { FastifyRequest } from 'fastify';

import type { CallOptions } from '@trafficshare/grpc';

import type { AuthenticatedRequest } from '../auth/auth.types';

/** gRPC metadata for a call made on behalf of an HTTP request: request id, caller, client IP. */
export function callOptions(
  request: FastifyRequest & Partial<AuthenticatedRequest>,
  deadlineMs?: number,
): CallOptions {
  const metadata: Record<string, string> = {
    'x-request-id': String(request.id),
    'x-client-ip': request.ip,
  };
  if (request.user) {
    metadata['x-user-id'] = request.user.sub;
    metadata['x-user-role'] = request.user.role;
    metadata['x-session-id'] = request.user.sid;
  }
  const ua = request.headers['user-agent'];
  if (typeof ua === 'string') metadata['x-user-agent'] = ua.slice(0, 512);
  return { metadata, deadlineMs };
}
