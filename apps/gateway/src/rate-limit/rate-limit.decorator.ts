import { SetMetadata } from '@nestjs/common';

export const RATE_LIMIT = 'ts:rateLimit';

export interface RateLimitOptions {
  readonly name: string;
  readonly points: number;
  readonly windowS: number;
  /** Count per authenticated user (default when a user is present) or per client IP. */
  readonly by?: 'user' | 'ip';
}

/** Route-level limit, e.g. `@RateLimit({ name: 'promo_activate', points: 5, windowS: 60 })`. */
export const RateLimit = (options: RateLimitOptions): MethodDecorator & ClassDecorator =>
  SetMetadata(RATE_LIMIT, options);

export const SKIP_RATE_LIMIT = 'ts:skipRateLimit';

/**
 * Exempts ops routes (health probes, Prometheus scrapes) that arrive from one IP all day, and
 * routes whose backing service enforces the limit itself (traffic reports: telemetry-svc).
 */
export const SkipRateLimit = (): MethodDecorator & ClassDecorator =>
  SetMetadata(SKIP_RATE_LIMIT, true);
