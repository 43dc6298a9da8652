import {
  HttpException,
  Inject,
  Injectable,
  type CanActivate,
  type ExecutionContext,
  type OnModuleInit,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';

import type { AppConfig } from '../config';
import { GATEWAY_CONFIG } from '../infra/tokens';
import type { AuthenticatedRequest } from '../auth/auth.types';
import {
  parseRateLimitOverrides,
  RATE_LIMIT,
  RATE_LIMIT_NAMES,
  SKIP_RATE_LIMIT,
  type RateLimitOptions,
} from './rate-limit.decorator';
import { RateLimitService } from './rate-limit.service';

/**
 * Applies the route's @RateLimit, or the default limit (per user when authenticated, else per
 * client IP), and answers 429 with
 * Retry-After. Runs after authentication so per-user limits know the user. RATE_LIMIT_OVERRIDES
 * replaces a named limit's points and window.
 */
@Injectable()
export class RateLimitGuard implements CanActivate, OnModuleInit {
  private readonly overrides: ReturnType<typeof parseRateLimitOverrides>;

  constructor(
    private readonly reflector: Reflector,
    private readonly limiter: RateLimitService,
    @Inject(GATEWAY_CONFIG) private readonly config: AppConfig,
  ) {
    this.overrides = parseRateLimitOverrides(config.RATE_LIMIT_OVERRIDES);
  }

  /** A misspelt name would silently change nothing: refuse to start instead. */
  onModuleInit(): void {
    const unknown = [...this.overrides.keys()].filter((name) => !RATE_LIMIT_NAMES.has(name));
    if (unknown.length > 0) {
      throw new Error(
        `RATE_LIMIT_OVERRIDES names unknown limits: ${unknown.join(', ')}; known: ${[
          ...RATE_LIMIT_NAMES,
        ]
          .sort()
          .join(', ')}`,
      );
    }
  }

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    if (
      this.reflector.getAllAndOverride<boolean | undefined>(SKIP_RATE_LIMIT, [
        ctx.getHandler(),
        ctx.getClass(),
      ])
    ) {
      return true;
    }
    const request = ctx.switchToHttp().getRequest<FastifyRequest & Partial<AuthenticatedRequest>>();
    const reply = ctx.switchToHttp().getResponse<FastifyReply>();
    const options = this.reflector.getAllAndOverride<RateLimitOptions | undefined>(RATE_LIMIT, [
      ctx.getHandler(),
      ctx.getClass(),
    ]);
    const declared = options ?? {
      name: 'default',
      points: this.config.RATE_LIMIT_DEFAULT_POINTS,
      windowS: this.config.RATE_LIMIT_DEFAULT_WINDOW_S,
    };
    const rule = { ...declared, ...this.overrides.get(declared.name) };
    const byUser = (rule.by ?? 'user') === 'user' && request.user !== undefined;
    const subject = byUser ? `u:${request.user!.sub}` : `ip:${request.ip}`;
    const result = await this.limiter.hit(rule, subject);
    void reply.header('ratelimit-limit', result.limit);
    void reply.header('ratelimit-remaining', result.remaining);
    void reply.header('ratelimit-reset', result.resetS);
    if (!result.allowed) {
      void reply.header('retry-after', result.resetS);
      throw new HttpException(
        {
          status: 'error',
          code: 'rate_limited',
          message: `Too many requests; try again in ${result.resetS} s`,
          retry_after_s: result.resetS,
        },
        429,
      );
    }
    return true;
  }
}
