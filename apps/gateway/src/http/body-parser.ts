import { HttpException } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';

const invalidJson = () =>
  new HttpException(
    { status: 'error', code: 'invalid_json', message: 'Body is not valid JSON' },
    400,
  );
const unsupportedMediaType = () =>
  new HttpException(
    {
      status: 'error',
      code: 'unsupported_media_type',
      message: 'Send the body as application/json',
    },
    415,
  );

const RAW_BODY = Symbol('rawBody');

/** The request's JSON body as it arrived (webhook signatures are checked over these bytes). */
export function rawBodyOf(request: object): string | undefined {
  return (request as { [RAW_BODY]?: string })[RAW_BODY];
}

/**
 * JSON is the only request body the API reads: every other media type (forms included), and a
 * body without one, is 415 `unsupported_media_type` before any handler runs. An empty body sent
 * as application/json (a bodiless POST from clients that always set the header) is no body, as
 * if none were sent. Proto and constructor poisoning are refused (400 `invalid_json`). The
 * errors are ours, not Fastify's, so every route answers them with the same code.
 */
export function registerJsonOnlyBodies(fastify: FastifyInstance): void {
  fastify.removeAllContentTypeParsers();
  const json = fastify.getDefaultJsonParser('error', 'error');
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'string' },
    (request, body: string, done) => {
      if (body.length === 0) return done(null, undefined);
      (request as { [RAW_BODY]?: string })[RAW_BODY] = body;
      void json(request, body, (err, value) => (err ? done(invalidJson()) : done(null, value)));
    },
  );
  fastify.addContentTypeParser('*', (_request, _payload, done) => done(unsupportedMediaType()));
}
