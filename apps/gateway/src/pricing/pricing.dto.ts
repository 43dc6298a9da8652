import { queryInt, text, z } from '../common/zod';

export const HistoryQuerySchema = z
  .object({
    days: queryInt(7, 30)
      .refine((d) => d === 7 || d === 30, 'days must be 7 or 30')
      .default(7),
  })
  .strict();
export type HistoryQueryDto = z.infer<typeof HistoryQuerySchema>;

export const SetPriceSchema = z
  .object({
    date: z.iso.date().optional(),
    price_per_gb: z.number().positive().max(1000),
    message: text(1000).default(''),
    push: z.boolean().default(false),
  })
  .strict();
export type SetPriceDto = z.infer<typeof SetPriceSchema>;
