import type { ledger } from '@trafficshare/contracts';

import { LedgerRequestException, LedgerRequestCode } from './request.exception';

export type Role = 'user' | 'moderator' | 'superadmin';

export interface CallerInfo {
  readonly telegramId: number;
  readonly role: Role;
  readonly ip: string;
}

const ROLES: readonly Role[] = ['user', 'moderator', 'superadmin'];

export function callerOf(caller: ledger.Caller | undefined): CallerInfo {
  if (
    !caller ||
    !Number.isSafeInteger(caller.telegramId) ||
    caller.telegramId <= 0 ||
    !ROLES.includes(caller.role as Role)
  ) {
    throw new LedgerRequestException(
      LedgerRequestCode.CallerMissing,
      'The request carries no valid caller',
    );
  }
  return { telegramId: caller.telegramId, role: caller.role as Role, ip: caller.ip };
}

/** Admin RPCs: the gateway checks roles too; the service never trusts one check alone. */
export function requireRole(caller: CallerInfo, ...roles: Role[]): void {
  if (!roles.includes(caller.role)) {
    throw new LedgerRequestException(
      LedgerRequestCode.Forbidden,
      `This action needs the ${roles.join(' or ')} role`,
    );
  }
}

export function requireTelegramId(value: number): number {
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new LedgerRequestException(
      LedgerRequestCode.InvalidArgument,
      'telegram_id must be a positive integer',
    );
  }
  return value;
}

/** limit in 1..max (default when 0), offset ≥ 0. */
export function page(
  limit: number,
  offset: number,
  max = 100,
  fallback = 20,
): { limit: number; offset: number } {
  const l = limit > 0 ? Math.min(limit, max) : fallback;
  return { limit: l, offset: Math.max(0, offset) };
}
