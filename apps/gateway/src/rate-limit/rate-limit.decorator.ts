import { SetMetadata } from '@nestjs/common';

export const RATE_LIMIT = 'ts:rateLimit';

export interface RateLimitOptions {
  readonly name: string;
  readonly points: number;
  readonly windowS: number;
  /** Count per authenticated user (default when a user is present) or per client IP. */
  readonly by?: 'user' | 'ip';
}

/** Every limit name a route declared (RATE_LIMIT_OVERRIDES may name only these). */
export const RATE_LIMIT_NAMES = new Set<string>(['default']);

/** Route-level limit, e.g. `@RateLimit({ name: 'promo_activate', points: 5, windowS: 60 })`. */
export const RateLimit = (options: RateLimitOptions): MethodDecorator & ClassDecorator => {
  RATE_LIMIT_NAMES.add(options.name);
  return SetMetadata(RATE_LIMIT, options);
};

/** `auth_login=100/60, push_send=5/60` → name → points and window. */
export function parseRateLimitOverrides(
  text: string,
): Map<string, { points: number; windowS: number }> {
  const overrides = new Map<string, { points: number; windowS: number }>();
  for (const item of text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [name, rule] = item.split('=');
    const [points, windowS] = rule.split('/').map(Number);
    overrides.set(name, { points, windowS });
  }
  return overrides;
}

export const SKIP_RATE_LIMIT = 'ts:skipRateLimit';

/**
 * Exempts ops routes (health probes, Prometheus scrapes) that arrive from one IP all day, and
 * routes whose backing service enforces the limit itself (traffic reports: telemetry-svc).
 */
export const SkipRateLimit = (): MethodDecorator & ClassDecorator =>
  SetMetadata(SKIP_RATE_LIMIT, true);
