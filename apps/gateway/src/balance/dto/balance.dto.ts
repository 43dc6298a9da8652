import { z } from '../../common/zod';

export const PageQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(20),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  })
  .strict();
export type PageQueryDto = z.infer<typeof PageQuerySchema>;

/** The seed sends `{telegram_id}`; it must be the caller. */
export const RefreshSchema = z
  .object({
    telegram_id: z.union([z.number().int().positive(), z.string().regex(/^\d{1,16}$/)]).optional(),
  })
  .strict();
export type RefreshDto = z.infer<typeof RefreshSchema>;
