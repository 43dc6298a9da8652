import type { FastifyRequest } from 'fastify';

import type { CallOptions } from '@trafficshare/grpc';

/**
 * Options of a gRPC call made for an HTTP request: its deadline and the request id as metadata
 * (services log it, so a request's lines correlate across apps). Who calls travels in the
 * message itself, as the one `common.Caller` (common/caller.ts), never in metadata.
 */
export function callOptions(request: FastifyRequest, deadlineMs?: number): CallOptions {
  return { metadata: { 'x-request-id': String(request.id) }, deadlineMs };
}
