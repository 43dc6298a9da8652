import { Metadata, type status as GrpcStatus, type ServiceError } from '@grpc/grpc-js';

import {
  DomainException,
  grpcStatusToHttp,
  kindToGrpcStatus,
  kindToHttpStatus,
} from './domain-error';

export const ERROR_CODE_KEY = 'ts-error-code';
export const ERROR_DETAILS_KEY = 'ts-error-details-bin';

/** The body of every HTTP error: `{"status":"error","code","message"}` plus safe extras. */
export interface HttpErrorBody {
  status: 'error';
  code: string;
  message: string;
  [extra: string]: unknown;
}

export interface GrpcErrorPayload {
  code: GrpcStatus;
  details: string;
  metadata: Metadata;
}

/** Domain exception → what a gRPC server sends (status, message, code in trailers). */
export function toGrpcError(err: DomainException): GrpcErrorPayload {
  const metadata = new Metadata();
  metadata.set(ERROR_CODE_KEY, err.code);
  if (err.details) metadata.set(ERROR_DETAILS_KEY, Buffer.from(JSON.stringify(err.details)));
  return { code: kindToGrpcStatus(err.kind), details: err.message, metadata };
}

function isServiceError(err: unknown): err is ServiceError {
  return (
    typeof err === 'object' &&
    err !== null &&
    'code' in err &&
    typeof err.code === 'number' &&
    'metadata' in err
  );
}

/**
 * Any error met by the gateway → HTTP status and error body. Service errors keep their code and
 * message; unknown errors become 500 `internal` with a message that leaks nothing.
 */
export function toHttpError(
  err: unknown,
  requestId?: string,
): { status: number; body: HttpErrorBody } {
  if (err instanceof DomainException) {
    return {
      status: kindToHttpStatus(err.kind),
      body: { status: 'error', code: err.code, message: err.message, ...(err.details ?? {}) },
    };
  }
  if (isServiceError(err)) {
    const mapped = grpcStatusToHttp(err.code);
    const code = err.metadata.get(ERROR_CODE_KEY)[0];
    const detailsRaw = err.metadata.get(ERROR_DETAILS_KEY)[0];
    let details: Record<string, unknown> = {};
    if (Buffer.isBuffer(detailsRaw)) {
      try {
        details = JSON.parse(detailsRaw.toString('utf8')) as Record<string, unknown>;
      } catch {
        details = {};
      }
    }
    if (mapped.http >= 500 && typeof code !== 'string') {
      return { status: mapped.http, body: internalBody(mapped.code, requestId) };
    }
    return {
      status: mapped.http,
      body: {
        status: 'error',
        code: typeof code === 'string' ? code : mapped.code,
        message: err.details || mapped.code,
        ...details,
      },
    };
  }
  return { status: 500, body: internalBody('internal', requestId) };
}

function internalBody(code: string, requestId?: string): HttpErrorBody {
  const messages: Record<string, string> = {
    service_unavailable: 'A backend service is unavailable; retry shortly',
    upstream_timeout: 'A backend service did not answer in time; retry shortly',
    not_implemented: 'Not implemented',
  };
  const base = messages[code] ?? 'Internal error';
  return {
    status: 'error',
    code,
    message: requestId ? `${base} (request id ${requestId})` : base,
  };
}
