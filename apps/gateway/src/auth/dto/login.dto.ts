import { z } from '../../common/zod';

// Telegram sends id and auth_date as numbers; strings of digits are accepted too (forms).
// Anything else (objects, arrays, floats, unknown fields) is refused before any crypto runs.
const digits = (max: number) =>
  z.union([z.number().int().positive().max(max), z.string().regex(/^\d{1,16}$/)]);
const text = (max: number) => z.string().max(max);

export const TelegramLoginSchema = z
  .object({
    id: digits(Number.MAX_SAFE_INTEGER),
    first_name: text(256),
    last_name: text(256).optional(),
    username: text(64).optional(),
    photo_url: text(1024).optional(),
    auth_date: digits(99_999_999_999),
    hash: z.string().regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex characters'),
  })
  .strict();
export type TelegramLoginDto = z.infer<typeof TelegramLoginSchema>;

export const WebAppLoginSchema = z.object({ init_data: z.string().min(1).max(8192) }).strict();
export type WebAppLoginDto = z.infer<typeof WebAppLoginSchema>;

export const RefreshSchema = z.object({ refresh_token: z.string().min(20).max(200) }).strict();
export type RefreshDto = z.infer<typeof RefreshSchema>;
