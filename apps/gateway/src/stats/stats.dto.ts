import { queryInt, z } from '../common/zod';

const isoDate = z
  .string()
  .max(40)
  .refine(
    (v) =>
      /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(v) &&
      !Number.isNaN(new Date(v).getTime()),
    {
      message: 'must be an ISO-8601 date (YYYY-MM-DD or a full date-time)',
    },
  );

export const StatsQuerySchema = z
  .object({
    from: isoDate.optional(),
    to: isoDate.optional(),
    telegram_id: queryInt(1).optional(),
  })
  .strict();
export type StatsQueryDto = z.infer<typeof StatsQuerySchema>;

export const RatesQuerySchema = z.object({ days: queryInt(1, 365).default(30) }).strict();
export type RatesQueryDto = z.infer<typeof RatesQuerySchema>;

export const SummaryQuerySchema = z
  .object({
    telegram_id: queryInt(1).optional(),
  })
  .strict();
export type SummaryQueryDto = z.infer<typeof SummaryQuerySchema>;
