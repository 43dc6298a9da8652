import { HttpException } from '@nestjs/common';

import { toHttpError, type HttpErrorBody } from '@trafficshare/grpc';

const STATUS_CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  408: 'request_timeout',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'unprocessable_entity',
  429: 'rate_limited',
  503: 'service_unavailable',
};

/** Fastify's own error codes (body parsing, limits) → our codes and plain messages. */
const FASTIFY_CODES: Record<string, { code: string; message: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'payload_too_large', message: 'Request body is too large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: 'unsupported_media_type',
    message: 'Send the body as application/json',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    code: 'invalid_json',
    message: 'Body is empty but content-type is application/json',
  },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'invalid_json', message: 'Body is not valid JSON' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    code: 'bad_request',
    message: 'Content-Length does not match the body',
  },
};

interface FastifyLikeError {
  statusCode?: number;
  code?: string;
  message?: string;
}

/** Any error → HTTP status + the one error body of SPEC.md. Never leaks internals. */
export function toErrorResponse(
  err: unknown,
  requestId: string,
): { status: number; body: HttpErrorBody } {
  if (err instanceof HttpException) {
    const status = err.getStatus();
    const response = err.getResponse();
    if (
      typeof response === 'object' &&
      response !== null &&
      (response as HttpErrorBody).status === 'error'
    ) {
      return { status, body: response as HttpErrorBody };
    }
    const raw =
      typeof response === 'string' ? response : (response as { message?: unknown }).message;
    // Nest puts validation messages in an array.
    const message = Array.isArray(raw)
      ? raw.map(String).join('; ')
      : typeof raw === 'string'
        ? raw
        : err.message;
    return {
      status,
      body: {
        status: 'error',
        code: STATUS_CODES[status] ?? (status >= 500 ? 'internal' : 'bad_request'),
        message,
      },
    };
  }
  const fastifyErr = err as FastifyLikeError;
  if (typeof fastifyErr?.code === 'string' && fastifyErr.code in FASTIFY_CODES) {
    const mapped = FASTIFY_CODES[fastifyErr.code];
    return { status: fastifyErr.statusCode ?? 400, body: { status: 'error', ...mapped } };
  }
  if (
    err instanceof SyntaxError &&
    typeof fastifyErr.statusCode === 'number' &&
    fastifyErr.statusCode < 500
  ) {
    return {
      status: 400,
      body: { status: 'error', code: 'invalid_json', message: 'Body is not valid JSON' },
    };
  }
  if (
    typeof fastifyErr?.statusCode === 'number' &&
    fastifyErr.statusCode >= 400 &&
    fastifyErr.statusCode < 500
  ) {
    return {
      status: fastifyErr.statusCode,
      body: {
        status: 'error',
        code: STATUS_CODES[fastifyErr.statusCode] ?? 'bad_request',
        message: fastifyErr.message ?? 'Bad request',
      },
    };
  }
  return toHttpError(err, requestId);
}
