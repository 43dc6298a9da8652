import type { FastifyRequest } from 'fastify';

import type { auth } from '@trafficshare/contracts';

import type { AuthenticatedRequest } from '../auth/auth.types';

/** The verified caller as auth-svc's `Caller` message. */
export function callerOf(request: FastifyRequest & AuthenticatedRequest): auth.Caller {
  const ua = request.headers['user-agent'];
  return {
    telegramId: Number(request.user.sub),
    role: request.user.role,
    sessionId: request.user.sid,
    ip: request.ip,
    userAgent: typeof ua === 'string' ? ua.slice(0, 512) : '',
  };
}

/** Where an unauthenticated request (login, refresh) comes from. */
export function clientOf(request: FastifyRequest): auth.ClientInfo {
  const ua = request.headers['user-agent'];
  return { ip: request.ip, userAgent: typeof ua === 'string' ? ua.slice(0, 512) : '' };
}

/** A path `:telegram_id` as a number (digits only, safe integer) or undefined. */
export function parseTelegramId(value: string): number | undefined {
  if (!/^\d{1,16}$/.test(value)) return undefined;
  const n = Number(value);
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}
