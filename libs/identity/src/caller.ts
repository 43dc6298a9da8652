import type { common } from '@trafficshare/contracts';

import { IdentityErrorCode, IdentityException } from './identity.exception';
import { ADMIN_ROLES, roleFromProto, roleToProto, type RoleName } from './roles';
import { isUserId, userId, type UserId } from './user-id';

/** The caller of an RPC as the gateway verified it from the access token, checked. */
export interface CallerInfo {
  readonly telegramId: UserId;
  readonly role: RoleName;
  /** Login session id (the token's sid); '' when the caller is not a login session. */
  readonly sessionId: string;
  readonly ip: string;
  readonly userAgent: string;
}

/** The request's `common.Caller`, checked: a user id and a known role, else `caller_missing`. */
export function callerOf(caller: common.Caller | undefined): CallerInfo {
  if (!caller || !isUserId(caller.telegramId)) {
    throw new IdentityException(
      IdentityErrorCode.CallerMissing,
      'The request carries no valid caller',
    );
  }
  const role = roleFromProto(caller.role);
  if (!role) {
    throw new IdentityException(IdentityErrorCode.CallerMissing, 'The caller has no known role');
  }
  return {
    telegramId: caller.telegramId,
    role,
    sessionId: caller.sessionId,
    ip: caller.ip,
    userAgent: caller.userAgent,
  };
}

/** A checked caller as the proto message again, for a service that forwards it (telemetry → filter). */
export function protoCallerOf(caller: CallerInfo): common.Caller {
  return {
    telegramId: caller.telegramId,
    role: roleToProto(caller.role),
    sessionId: caller.sessionId,
    ip: caller.ip,
    userAgent: caller.userAgent,
  };
}

export function isAdmin(caller: Pick<CallerInfo, 'role'>): boolean {
  return ADMIN_ROLES.includes(caller.role);
}

/** Admin RPCs check the role in the service too: the gateway's check is never the only one. */
export function requireRole(caller: Pick<CallerInfo, 'role'>, ...roles: RoleName[]): void {
  if (!roles.includes(caller.role)) {
    throw new IdentityException(
      IdentityErrorCode.Forbidden,
      `This action needs the ${roles.join(' or ')} role`,
    );
  }
}

/** A user reaches only their own data; admins reach anyone's (no IDOR). */
export function assertSelfOrAdmin(caller: CallerInfo, owner: number): void {
  if (owner === caller.telegramId || isAdmin(caller)) return;
  throw new IdentityException(IdentityErrorCode.Forbidden, 'You can only reach your own data');
}

/**
 * Whose data a request reads: `telegramId` 0 (not set) is the caller; another id is allowed to
 * the caller themself and to admins, and must be a user id.
 */
export function subjectOf(caller: CallerInfo, telegramId: number): UserId {
  if (telegramId === 0) return caller.telegramId;
  assertSelfOrAdmin(caller, telegramId);
  return userId(telegramId);
}
