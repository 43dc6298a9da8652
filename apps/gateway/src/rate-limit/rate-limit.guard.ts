import {
  HttpException,
  Inject,
  Injectable,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';

import type { AppConfig } from '../config';
import { GATEWAY_CONFIG } from '../infra/tokens';
import type { AuthenticatedRequest } from '../auth/auth.types';
import { RATE_LIMIT, SKIP_RATE_LIMIT, type RateLimitOptions } from './rate-limit.decorator';
import { RateLimitService } from './rate-limit.service';

/**
 * Applies the route's @RateLimit, or the default limit (per user when authenticated, else per
 * client IP), and answers 429 with
 * Retry-After. Runs after authentication so per-user limits know the user.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly limiter: RateLimitService,
    @Inject(GATEWAY_CONFIG) private readonly config: AppConfig,
  ) {}

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
    const rule = options ?? {
      name: 'default',
      points: this.config.RATE_LIMIT_DEFAULT_POINTS,
      windowS: this.config.RATE_LIMIT_DEFAULT_WINDOW_S,
    };
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
