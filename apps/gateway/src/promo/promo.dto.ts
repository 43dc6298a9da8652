import { z } from '../common/zod';

export const ActivateSchema = z
  .object({
    code: z.string().min(3).max(64),
    telegram_id: z.union([z.number(), z.string()]).optional(),
  })
  .strict();
export type ActivateDto = z.infer<typeof ActivateSchema>;

export const CreatePromoSchema = z
  .object({
    code: z.string().regex(/^[A-Za-z0-9_-]{3,64}$/),
    bonus_percent: z.number().positive().max(100),
    expires_at: z.union([z.iso.datetime({ offset: true }), z.iso.date()]).optional(),
    max_bonus_usd: z.number().positive().max(1_000_000).optional(),
  })
  .strict();
export type CreatePromoDto = z.infer<typeof CreatePromoSchema>;

export const AdminListSchema = z
  .object({
    include_inactive: z.enum(['true', 'false']).default('true'),
    limit: z.coerce.number().int().min(1).max(100).default(50),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict();
export type AdminListDto = z.infer<typeof AdminListSchema>;
