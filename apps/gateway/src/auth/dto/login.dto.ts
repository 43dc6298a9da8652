import { line, z } from '../../common/zod';

// The Login Widget's JS callback gives id and auth_date as numbers, its redirect mode as the
// strings of a URL: both are signed as text, so both are taken (digits only, no sign, no
// exponent). Anything else (objects, arrays, floats, unknown fields) is refused before any
// crypto runs.
const digits = (max: number) =>
  z.union([z.number().int().positive().max(max), z.string().regex(/^\d{1,16}$/)]);

export const TelegramLoginSchema = z
  .object({
    id: digits(Number.MAX_SAFE_INTEGER),
    first_name: line(256),
    last_name: line(256).optional(),
    username: line(64).optional(),
    photo_url: line(1024).optional(),
    auth_date: digits(99_999_999_999),
    hash: z.string().regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex characters'),
    ref: z
      .string()
      .regex(/^(ref_)?[A-Za-z0-9]{4,16}$/, 'must be a referral code')
      .optional()
      .describe(
        'Referral code from the web link (`?ref=<code>`); attributed at the first login only. Not part of the signed payload.',
      ),
  })
  .strict();
export type TelegramLoginDto = z.infer<typeof TelegramLoginSchema>;

export const WebAppLoginSchema = z.object({ init_data: line(8192).min(1) }).strict();
export type WebAppLoginDto = z.infer<typeof WebAppLoginSchema>;

export const RefreshSchema = z.object({ refresh_token: line(200).min(20) }).strict();
export type RefreshDto = z.infer<typeof RefreshSchema>;
