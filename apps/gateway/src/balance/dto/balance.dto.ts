import { queryInt, z } from '../../common/zod';

export const PageQuerySchema = z
  .object({
    limit: queryInt(1, 100).default(20),
    offset: queryInt(0, 1_000_000).default(0),
  })
  .strict();
export type PageQueryDto = z.infer<typeof PageQuerySchema>;

/** The seed sends `{telegram_id}`; it must be the caller. */
export const RefreshSchema = z
  .object({
    telegram_id: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
  })
  .strict();
export type RefreshDto = z.infer<typeof RefreshSchema>;
