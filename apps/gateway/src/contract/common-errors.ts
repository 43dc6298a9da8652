import type { RouteSpec } from './route-contract';

const TOKEN_ERRORS = ['token_missing', 'token_invalid', 'token_expired', 'session_revoked'];

/**
 * The errors a route answers because of what it is, not what it does: every route (a bad
 * query or path value, a failing service, a body it cannot parse: bad JSON, size, media type),
 * logged-in routes (token and session checks), role-restricted and rate-limited routes.
 */
export function commonErrors(spec: RouteSpec): Record<number, string[]> {
  const errors: Record<number, string[]> = {
    400: ['validation_failed'],
    500: ['internal'],
    503: ['service_unavailable'],
    504: ['upstream_timeout'],
  };
  const add = (status: number, ...codes: string[]) => {
    errors[status] = [...new Set([...(errors[status] ?? []), ...codes])];
  };
  // A client can send a body with any method (a DELETE or GET with a form or broken JSON): the
  // parser answers before the route does.
  add(400, 'invalid_json', 'bad_request');
  add(413, 'payload_too_large');
  add(415, 'unsupported_media_type');
  if (spec.access !== 'public') {
    add(401, ...TOKEN_ERRORS);
    add(403, 'user_banned');
  }
  if (typeof spec.access === 'object') add(403, 'forbidden');
  if (spec.rateLimit !== 'none') add(429, 'rate_limited');
  return errors;
}

/** Every error status → codes of the route: its own and the common ones, sorted. */
export function routeErrors(spec: RouteSpec): Record<number, string[]> {
  const all = commonErrors(spec);
  for (const [status, codes] of Object.entries(spec.errors ?? {})) {
    all[Number(status)] = [...new Set([...(all[Number(status)] ?? []), ...codes])];
  }
  return Object.fromEntries(
    Object.entries(all)
      .sort(([a], [b]) => Number(a) - Number(b))
      .map(([status, codes]) => [status, [...codes].sort()]),
  );
}
