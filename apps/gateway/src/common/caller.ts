import { HttpException } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

import type { auth, common } from '@trafficshare/contracts';
import {
  assertSelfOrAdmin,
  callerOf as checkedCaller,
  isUserId,
  roleToProto,
  type CallerInfo,
  type UserId,
} from '@trafficshare/identity';

import type { AccessClaims, AuthenticatedRequest } from '../auth/auth.types';

type Req = FastifyRequest & Partial<AuthenticatedRequest>;

/**
 * The one place the gateway builds a `common.Caller`: from the verified access token (the
 * AuthGuard's `request.user`, or `claims` where a route authenticates itself) and where the
 * request comes from. Every user-scoped RPC gets it; the service checks it again.
 */
export function callerOf(
  request: Req,
  claims: AccessClaims | undefined = request.user,
): common.Caller {
  if (!claims) throw new Error('callerOf: the request is not authenticated');
  const ua = request.headers['user-agent'];
  return {
    telegramId: Number(claims.sub),
    role: roleToProto(claims.role),
    sessionId: claims.sid,
    ip: request.ip,
    userAgent: typeof ua === 'string' ? ua.slice(0, 512) : '',
  };
}

/** The caller, checked as the services check it (for the gateway's own early checks). */
export function callerInfoOf(request: Req): CallerInfo {
  return checkedCaller(callerOf(request));
}

/**
 * Whose data a route reads: the caller, or (admins only) the `telegram_id` it names. A user
 * naming someone else gets 403 `forbidden` here, before any service is asked (the service checks
 * again); an admin naming an id that is not one gets 400.
 */
export function subjectOf(request: Req, telegramId: number | undefined): UserId {
  const caller = callerInfoOf(request);
  if (telegramId === undefined) return caller.telegramId;
  assertSelfOrAdmin(caller, telegramId);
  if (!isUserId(telegramId))
    throw new HttpException(
      { status: 'error', code: 'validation_failed', message: 'bad telegram_id' },
      400,
    );
  return telegramId;
}

/** Where an unauthenticated request (login, refresh) comes from. */
export function clientOf(request: FastifyRequest): auth.ClientInfo {
  const ua = request.headers['user-agent'];
  return { ip: request.ip, userAgent: typeof ua === 'string' ? ua.slice(0, 512) : '' };
}

/** A path `:telegram_id` as a user id (digits only, a positive safe integer) or undefined. */
export function parseTelegramId(value: string): UserId | undefined {
  if (!/^\d{1,16}$/.test(value)) return undefined;
  const n = Number(value);
  return isUserId(n) ? n : undefined;
}
