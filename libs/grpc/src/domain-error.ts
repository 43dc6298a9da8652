import { status as GrpcStatus } from '@grpc/grpc-js';

/**
 * What kind of failure a domain error is. Each feature's `XException` carries a snake_case
 * `code` (what the client sees) and one of these kinds (how it travels and which HTTP status
 * it becomes). The two mappers below are the only places kinds turn into statuses.
 */
export type ErrorKind =
  | 'invalid_argument'
  | 'unauthenticated'
  | 'permission_denied'
  | 'not_found'
  | 'already_exists'
  | 'conflict'
  | 'failed_precondition'
  | 'rate_limited'
  | 'payload_too_large'
  | 'unavailable'
  | 'internal';

export class DomainException extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    /** Extra fields for the error body (e.g. reasons, retry_after_s); never secrets. */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export function kindToGrpcStatus(kind: ErrorKind): GrpcStatus {
  switch (kind) {
    case 'invalid_argument':
    case 'payload_too_large':
      return GrpcStatus.INVALID_ARGUMENT;
    case 'unauthenticated':
      return GrpcStatus.UNAUTHENTICATED;
    case 'permission_denied':
      return GrpcStatus.PERMISSION_DENIED;
    case 'not_found':
      return GrpcStatus.NOT_FOUND;
    case 'already_exists':
      return GrpcStatus.ALREADY_EXISTS;
    case 'conflict':
      return GrpcStatus.ABORTED;
    case 'failed_precondition':
      return GrpcStatus.FAILED_PRECONDITION;
    case 'rate_limited':
      return GrpcStatus.RESOURCE_EXHAUSTED;
    case 'unavailable':
      return GrpcStatus.UNAVAILABLE;
    case 'internal':
      return GrpcStatus.INTERNAL;
  }
}

export function kindToHttpStatus(kind: ErrorKind): number {
  switch (kind) {
    case 'invalid_argument':
      return 400;
    case 'unauthenticated':
      return 401;
    case 'permission_denied':
      return 403;
    case 'not_found':
      return 404;
    case 'already_exists':
    case 'conflict':
      return 409;
    case 'failed_precondition':
      return 422;
    case 'rate_limited':
      return 429;
    case 'payload_too_large':
      return 413;
    case 'unavailable':
      return 503;
    case 'internal':
      return 500;
  }
}

/** gRPC status → HTTP status and the code used when the service sent none. */
export function grpcStatusToHttp(code: GrpcStatus): { http: number; code: string } {
  switch (code) {
    case GrpcStatus.OK:
      return { http: 200, code: 'ok' };
    case GrpcStatus.INVALID_ARGUMENT:
    case GrpcStatus.OUT_OF_RANGE:
      return { http: 400, code: 'invalid_argument' };
    case GrpcStatus.UNAUTHENTICATED:
      return { http: 401, code: 'unauthenticated' };
    case GrpcStatus.PERMISSION_DENIED:
      return { http: 403, code: 'forbidden' };
    case GrpcStatus.NOT_FOUND:
      return { http: 404, code: 'not_found' };
    case GrpcStatus.ALREADY_EXISTS:
    case GrpcStatus.ABORTED:
      return { http: 409, code: 'conflict' };
    case GrpcStatus.FAILED_PRECONDITION:
      return { http: 422, code: 'failed_precondition' };
    case GrpcStatus.RESOURCE_EXHAUSTED:
      return { http: 429, code: 'rate_limited' };
    case GrpcStatus.UNAVAILABLE:
      return { http: 503, code: 'service_unavailable' };
    case GrpcStatus.DEADLINE_EXCEEDED:
      return { http: 504, code: 'upstream_timeout' };
    case GrpcStatus.UNIMPLEMENTED:
      return { http: 501, code: 'not_implemented' };
    case GrpcStatus.CANCELLED:
      return { http: 499, code: 'cancelled' };
    case GrpcStatus.UNKNOWN:
    case GrpcStatus.INTERNAL:
    case GrpcStatus.DATA_LOSS:
      return { http: 500, code: 'internal' };
  }
}
