import { status } from '@grpc/grpc-js';

import {
  grpcStatusToHttp,
  kindToGrpcStatus,
  kindToHttpStatus,
  type ErrorKind,
} from './domain-error';

const KINDS: ErrorKind[] = [
  'invalid_argument',
  'unauthenticated',
  'permission_denied',
  'not_found',
  'already_exists',
  'conflict',
  'failed_precondition',
  'rate_limited',
  'payload_too_large',
  'unavailable',
  'internal',
];

describe('error kind mapping', () => {
  it.each(KINDS)('%s keeps the same HTTP class across the gRPC hop', (kind) => {
    const http = kindToHttpStatus(kind);
    const viaGrpc = grpcStatusToHttp(kindToGrpcStatus(kind)).http;
    // 413 travels as INVALID_ARGUMENT (400): both are client errors of the request itself.
    expect(Math.floor(viaGrpc / 100)).toBe(Math.floor(http / 100));
    if (kind !== 'payload_too_large') expect(viaGrpc).toBe(http);
  });

  it('maps every gRPC status to an HTTP status', () => {
    for (const code of Object.values(status).filter((v): v is status => typeof v === 'number')) {
      expect(grpcStatusToHttp(code).http).toBeGreaterThanOrEqual(200);
    }
  });
});
