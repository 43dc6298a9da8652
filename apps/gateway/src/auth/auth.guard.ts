import { HttpException, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';

import { IS_PUBLIC } from '../common/public.decorator';
import { AccessTokenVerifier } from './access-token.verifier';
import type { AccessClaims, AuthenticatedRequest } from './auth.types';
import { RevocationService } from './revocation.service';

const MESSAGES = {
  missing: 'Send an access token: Authorization: Bearer <token>',
  malformed: 'Access token is malformed',
  bad_signature: 'Access token signature is invalid',
  wrong_issuer: 'Access token was not issued by this platform’s auth service',
  wrong_audience: 'Access token is not meant for this API',
  expired: 'Access token expired; refresh it with POST /api/auth/refresh',
  not_yet_valid: 'Access token is not valid yet',
} as const;

export type Authentication = {
  readonly claims: AccessClaims;
  readonly entitlementVersion: number | undefined;
};

/** Token → claims, or the HTTP error the caller gets. Shared by HTTP routes and WebSockets. */
export async function authenticate(
  verifier: AccessTokenVerifier,
  revocation: RevocationService,
  token: string | undefined,
): Promise<Authentication> {
  if (!token) throw unauthenticated('token_missing', MESSAGES.missing);
  const result = verifier.verify(token);
  if (typeof result === 'string') {
    throw unauthenticated(
      result === 'expired' ? 'token_expired' : 'token_invalid',
      MESSAGES[result],
    );
  }
  let session;
  try {
    session = await revocation.check(result);
  } catch {
    // Fail closed: without the revocation list a revoked token could pass.
    throw new HttpException(
      {
        status: 'error',
        code: 'service_unavailable',
        message: 'Session check is unavailable; retry shortly',
      },
      503,
    );
  }
  if (session.state === 'banned')
    throw new HttpException(
      { status: 'error', code: 'user_banned', message: 'Your account is banned' },
      403,
    );
  if (session.state === 'revoked')
    throw unauthenticated('session_revoked', 'This session was ended; log in again');
  return { claims: result, entitlementVersion: session.entitlementVersion };
}

/** The token of `Authorization: Bearer <token>`, if the header has that shape. */
export function bearerToken(header: string | string[] | undefined): string | undefined {
  return typeof header === 'string' && header.startsWith('Bearer ')
    ? header.slice(7).trim()
    : undefined;
}

/** Global guard: a route is public only with @Public(); every other needs a valid, live token. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: AccessTokenVerifier,
    private readonly revocation: RevocationService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, [
      ctx.getHandler(),
      ctx.getClass(),
    ]);
    if (isPublic) return true;
    const request = ctx.switchToHttp().getRequest<FastifyRequest & Partial<AuthenticatedRequest>>();
    const { claims, entitlementVersion } = await authenticate(
      this.verifier,
      this.revocation,
      bearerToken(request.headers.authorization),
    );
    request.user = claims;
    request.entitlementVersion = entitlementVersion;
    return true;
  }
}

function unauthenticated(code: string, message: string): HttpException {
  return new HttpException({ status: 'error', code, message }, 401);
}
