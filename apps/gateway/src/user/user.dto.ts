import { queryInt, z } from '../common/zod';

const code = z.string().regex(/^\d{6}$/, 'must be the 6-digit code of your authenticator app');

export const CodeSchema = z.object({ code }).strict();
export type CodeDto = z.infer<typeof CodeSchema>;

/** A code is optional where only 2FA users need one (renew, logout_all). */
export const OptionalCodeSchema = z
  .object({ code: code.optional(), telegram_id: z.number().int().positive().optional() })
  .strict();
export type OptionalCodeDto = z.infer<typeof OptionalCodeSchema>;

export const SettingsPatchSchema = z
  .object({
    language: z.enum(['uz', 'ru', 'en']).optional(),
    push_notifications: z.boolean().optional(),
    session_updates: z.boolean().optional(),
    system_updates: z.boolean().optional(),
    single_device_mode: z.boolean().optional(),
    battery_saver: z.boolean().optional(),
    theme: z.enum(['light', 'dark']).optional(),
  })
  .strict();
export type SettingsPatchDto = z.infer<typeof SettingsPatchSchema>;

export const ThemeSchema = z.object({ theme: z.enum(['light', 'dark']) }).strict();
export type ThemeDto = z.infer<typeof ThemeSchema>;

export const HistoryQuerySchema = z.object({ limit: queryInt(1, 100).default(20) }).strict();
export type HistoryQueryDto = z.infer<typeof HistoryQuerySchema>;
