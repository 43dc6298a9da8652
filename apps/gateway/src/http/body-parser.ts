import type { FastifyInstance } from 'fastify';

/**
 * JSON is the only request body the API reads: every other media type (forms included) is 415
 * `unsupported_media_type` before any handler runs. An empty body sent as application/json (a
 * bodiless POST from clients that always set the header) is no body, as if none were sent;
 * proto and constructor poisoning are refused as Fastify does by default.
 */
export function registerJsonOnlyBodies(fastify: FastifyInstance): void {
  fastify.removeAllContentTypeParsers();
  const json = fastify.getDefaultJsonParser('error', 'error');
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'string' },
    (request, body: string, done) => {
      if (body.length === 0) return done(null, undefined);
      void json(request, body, done);
    },
  );
}
