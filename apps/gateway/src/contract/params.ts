import type { UserId } from '@trafficshare/identity';

import { parseTelegramId } from '../common/caller';
import { z } from 'zod/v4';

import { documentedAs } from './fields';

/**
 * A `:telegram_id` path value as a UserId: decimal digits only, a positive safe integer (what the
 * gateway has always accepted). Optional where only an alias of the route has it.
 */
export const telegramIdPath = z.string().transform((value, ctx): UserId => {
  const id = parseTelegramId(value);
  if (id === undefined) {
    ctx.addIssue({ code: 'custom', message: 'must be a positive integer' });
    return z.NEVER;
  }
  return id;
});
documentedAs.add(telegramIdPath, {
  jsonSchema: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER },
});

/** The names of a proto enum as a zod enum (`ledgerNames.transferKind.names`). */
export const namesOf = <const N extends string>(names: readonly N[]) =>
  z.enum(names as unknown as readonly [N, ...N[]]);
