import { HttpException } from '@nestjs/common';

import type { AuthenticatedRequest } from '../auth/auth.types';
import { assertSelfOrAdmin } from '../common/roles';

/** Whose data a history/stats route reads: the caller, or (admins only) `?telegram_id=`. */
export function ownerOf(request: AuthenticatedRequest, telegramId: number | undefined): number {
  if (telegramId === undefined) return Number(request.user.sub);
  assertSelfOrAdmin(request.user, String(telegramId));
  if (!Number.isSafeInteger(telegramId))
    throw new HttpException(
      { status: 'error', code: 'validation_failed', message: 'bad telegram_id' },
      400,
    );
  return telegramId;
}
