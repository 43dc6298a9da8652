import type { auth } from '@trafficshare/contracts';

import type { UserRole } from '../users/user.entity';
import { RequestException, RequestExceptionCode } from './request.exception';

/** The caller as the gateway verified it from the access token. */
export interface CallerInfo {
  readonly telegramId: number;
  readonly role: UserRole;
  readonly sessionId: string;
  readonly ip: string;
  readonly userAgent: string;
}

const ROLES: readonly UserRole[] = ['user', 'moderator', 'superadmin'];

export function callerOf(caller: auth.Caller | undefined): CallerInfo {
  if (!caller || !Number.isSafeInteger(caller.telegramId) || caller.telegramId <= 0) {
    throw new RequestException(RequestExceptionCode.CallerMissing, 'The request carries no caller');
  }
  if (!ROLES.includes(caller.role as UserRole)) {
    throw new RequestException(RequestExceptionCode.CallerMissing, 'The caller has no known role');
  }
  return {
    telegramId: caller.telegramId,
    role: caller.role as UserRole,
    sessionId: caller.sessionId,
    ip: caller.ip,
    userAgent: caller.userAgent,
  };
}

export const isAdminRole = (role: UserRole): boolean =>
  role === 'moderator' || role === 'superadmin';

/** Admin routes: the gateway checks roles too; the service never trusts one check alone. */
export function requireRole(caller: CallerInfo, ...roles: UserRole[]): void {
  if (!roles.includes(caller.role)) {
    throw new RequestException(
      RequestExceptionCode.Forbidden,
      `This action needs the ${roles.join(' or ')} role`,
    );
  }
}

export function requireTelegramId(value: number): number {
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new RequestException(
      RequestExceptionCode.InvalidArgument,
      'telegram_id must be a positive integer',
    );
  }
  return value;
}
