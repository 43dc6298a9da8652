import { HttpException, Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';

import { IS_PUBLIC } from '../common/public.decorator';
import type { AppConfig } from '../config';
import { GATEWAY_CONFIG } from '../infra/tokens';
import { AccessTokenVerifier } from './access-token.verifier';
import type { AuthenticatedRequest } from './auth.types';

const MESSAGES = {
  missing: 'Send an access token: Authorization: Bearer <token>',
  malformed: 'Access token is malformed',
  bad_signature: 'Access token signature is invalid',
  expired: 'Access token expired; refresh it with POST /api/auth/refresh',
  not_yet_valid: 'Access token is not valid yet',
} as const;

/** Global guard: a route is public only with @Public(); every other needs a valid token. */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly verifier: AccessTokenVerifier;

  constructor(
    private readonly reflector: Reflector,
    @Inject(GATEWAY_CONFIG) config: AppConfig,
  ) {
    this.verifier = new AccessTokenVerifier(config.JWT_PUBLIC_KEY);
  }

  canActivate(ctx: ExecutionContext): boolean {
    const isPublic = this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, [ctx.getHandler(), ctx.getClass()]);
    if (isPublic) return true;
    const request = ctx.switchToHttp().getRequest<FastifyRequest & Partial<AuthenticatedRequest>>();
    const header = request.headers.authorization;
    const token = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    if (!token) throw unauthenticated('token_missing', MESSAGES.missing);
    const result = this.verifier.verify(token);
    if (typeof result === 'string') {
      throw unauthenticated(result === 'expired' ? 'token_expired' : 'token_invalid', MESSAGES[result]);
    }
    request.user = result;
    return true;
  }
}

function unauthenticated(code: string, message: string): HttpException {
  return new HttpException({ status: 'error', code, message }, 401);
}
