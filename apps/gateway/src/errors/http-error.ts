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
  414: 'uri_too_long',
  415: 'unsupported_media_type',
  422: 'unprocessable_entity',
  429: 'rate_limited',
  503: 'service_unavailable',
};

/**
 * The message of an error that is not ours (Nest's or Fastify's own): fixed per status, never
 * theirs — theirs echo the path with its query string (`Cannot GET /x?token=…`) or a header.
 */
const STATUS_MESSAGES: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthenticated',
  403: 'Forbidden',
  404: 'No such route',
  405: 'Method not allowed',
  406: 'Not acceptable',
  408: 'Request timeout',
  409: 'Conflict',
  413: 'Request body is too large',
  414: 'The URL is too long',
  415: 'Send the body as application/json',
  422: 'Unprocessable request',
  429: 'Too many requests',
  503: 'Service unavailable',
};

/** Fastify's own error codes (body parsing, limits, URLs) → our codes and plain messages. */
const FASTIFY_CODES: Record<string, { code: string; message: string }> = {
  FST_ERR_BAD_URL: { code: 'bad_url', message: 'The URL is not valid' },
  FST_ERR_MAX_PARAM_LENGTH: { code: 'uri_too_long', message: 'A path segment is too long' },
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

/** Any error → HTTP status + the one error body `{"status":"error","code","message"}`. Never leaks internals. */
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
    if (status >= 500) return toHttpError(err, requestId);
    return {
      status,
      body: {
        status: 'error',
        code: STATUS_CODES[status] ?? 'bad_request',
        message: STATUS_MESSAGES[status] ?? 'Bad request',
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
        message: STATUS_MESSAGES[fastifyErr.statusCode] ?? 'Bad request',
      },
    };
  }
  return toHttpError(err, requestId);
}
