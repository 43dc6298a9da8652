import { queryInt, z } from '../common/zod';

export const HistoryQuerySchema = z
  .object({
    days: queryInt(7, 30)
      .refine((d) => d === 7 || d === 30, 'days must be 7 or 30')
      .default(7),
  })
  .strict();
export type HistoryQueryDto = z.infer<typeof HistoryQuerySchema>;
