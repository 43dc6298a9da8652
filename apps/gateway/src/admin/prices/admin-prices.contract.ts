import { text, z } from '../../common/zod';
import { defineRoute } from '../../contract/route-contract';
import { DailyPriceSchema } from '../../pricing/pricing.contract';

const PriceSetSchema = DailyPriceSchema.extend({ push: z.boolean(), updated_at: z.string() });
export type PriceSetJson = z.input<typeof PriceSetSchema>;

export const SetDailyPriceRoute = defineRoute({
  method: 'POST',
  path: '/api/admin/daily_price',
  tags: ['admin', 'pricing'],
  access: { roles: ['superadmin'] },
  summary:
    'Set the price of a date (default today, UTC); `push` notifies every user (PriceUpdated event)',
  body: z.strictObject({
    date: z.iso.date().optional(),
    price_per_gb: z.number().positive().max(1000).describe('USD per GB, 6 decimals at most'),
    message: text(1000).default(''),
    push: z.boolean().default(false),
  }),
  response: PriceSetSchema,
  errors: { 400: ['invalid_date', 'invalid_price'] },
});
