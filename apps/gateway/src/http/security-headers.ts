import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export interface SecurityHeaderOptions {
  /** Path prefixes of the Mini App pages Telegram frames (`/app`). */
  readonly frameablePaths: readonly string[];
  /** The `frame-ancestors` sources allowed to frame those pages. */
  readonly frameAncestors: string;
}

const HSTS = 'max-age=31536000; includeSubDomains';

const underPrefix = (path: string, prefix: string): boolean =>
  path === prefix || path.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`);

/**
 * The headers of every answer, errors included:
 * - `X-Content-Type-Options: nosniff`;
 * - no framing (`frame-ancestors 'none'`, `X-Frame-Options: DENY`) except the Mini App paths,
 *   which only the configured Telegram origins may frame (X-Frame-Options cannot name origins,
 *   so those pages send the CSP alone);
 * - HSTS when the request came over HTTPS, as the connection or a trusted proxy's
 *   X-Forwarded-Proto says (Fastify's `request.protocol` follows TRUSTED_PROXIES);
 * - `Cache-Control: no-store` on every /api answer: logins, refreshes, 2FA secrets and API keys
 *   carry tokens, and nothing else there is worth a cache either.
 */
export function securityHeaders(
  request: Pick<FastifyRequest, 'url' | 'protocol'>,
  options: SecurityHeaderOptions,
): Record<string, string> {
  const path = request.url.split('?', 1)[0];
  const headers: Record<string, string> = { 'x-content-type-options': 'nosniff' };
  if (options.frameablePaths.some((prefix) => underPrefix(path, prefix))) {
    headers['content-security-policy'] = `frame-ancestors ${options.frameAncestors}`;
  } else {
    headers['content-security-policy'] = "frame-ancestors 'none'";
    headers['x-frame-options'] = 'DENY';
  }
  if (request.protocol === 'https') headers['strict-transport-security'] = HSTS;
  if (underPrefix(path, '/api')) headers['cache-control'] = 'no-store';
  return headers;
}

export function applySecurityHeaders(
  request: FastifyRequest,
  reply: FastifyReply,
  options: SecurityHeaderOptions,
): void {
  void reply.headers(securityHeaders(request, options));
}

export function registerSecurityHeaders(
  fastify: FastifyInstance,
  options: SecurityHeaderOptions,
): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    applySecurityHeaders(request, reply, options);
    done();
  });
}
