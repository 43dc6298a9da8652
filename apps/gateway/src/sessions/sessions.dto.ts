import { queryInt, z } from '../common/zod';

/** An ISO date or date-time; anything else is a 400 (never a 500). */
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
const telegramId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const telegramIdQuery = queryInt(1);
const status = z.enum(['active', 'completed', 'failed']);

export const ListQuerySchema = z
  .object({
    from: isoDate.optional(),
    to: isoDate.optional(),
    status: status.optional(),
    limit: queryInt(1, 100).default(20),
    offset: queryInt(0, 1_000_000).default(0),
    telegram_id: telegramIdQuery.optional(),
  })
  .strict();
export type ListQueryDto = z.infer<typeof ListQuerySchema>;

/** Seed filter_schema: {from_date, to_date, status}. */
export const FilterBodySchema = z
  .object({
    from_date: isoDate.optional(),
    to_date: isoDate.optional(),
    status: status.optional(),
    limit: z.number().int().min(1).max(100).default(20),
    offset: z.number().int().min(0).max(1_000_000).default(0),
    telegram_id: telegramId.optional(),
  })
  .strict();
export type FilterBodyDto = z.infer<typeof FilterBodySchema>;

export const OwnerQuerySchema = z.object({ telegram_id: telegramIdQuery.optional() }).strict();
export type OwnerQueryDto = z.infer<typeof OwnerQuerySchema>;

export const ExportQuerySchema = z
  .object({ from: isoDate.optional(), to: isoDate.optional(), status: status.optional() })
  .strict();
export type ExportQueryDto = z.infer<typeof ExportQuerySchema>;

/** A date-only bound `to` means the whole day: the next midnight. */
export function toBound(value: string | undefined, end: boolean): string {
  if (!value) return '';
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const d = new Date(`${value}T00:00:00Z`);
    if (end) d.setUTCDate(d.getUTCDate() + 1);
    return d.toISOString();
  }
  return new Date(value).toISOString();
}
