import { defineRoute } from '../contract/route-contract';
import { z } from '../common/zod';
import { HistoryQuerySchema } from './pricing.dto';

export const DailyPriceSchema = z.strictObject({
  date: z.string().describe('YYYY-MM-DD (UTC); empty before any price is set'),
  price_per_gb: z.number().describe('USD per GB (1 GB = 1024 MB)'),
  message: z.string().describe('The admin’s banner message'),
  change: z.string().describe('Signed change vs the previous day, e.g. "+0.15"'),
});
export type DailyPriceJson = z.input<typeof DailyPriceSchema>;

const PriceDaySchema = DailyPriceSchema.extend({
  set_for_date: z.boolean().describe('false: the price carried over from an earlier day'),
});

const user = { tags: ['pricing'], access: 'user' } as const;

export const DailyPriceRoute = defineRoute({
  ...user,
  method: 'GET',
  path: '/api/daily_price',
  summary:
    'Today’s price per GB, the admin’s message and the change vs yesterday (dashboard banner)',
  // The banner's body predates the envelope: the price fields alone.
  envelope: false,
  response: DailyPriceSchema,
});

export const PricingTodayRoute = defineRoute({
  ...user,
  method: 'GET',
  path: '/api/pricing/today',
  summary: 'Today’s price (per GB and per MB) with its change',
  response: PriceDaySchema.extend({
    price_per_mb: z.number(),
    previous_price_per_gb: z.number(),
    currency: z.literal('USD'),
  }),
});

export const PriceHistoryRoute = defineRoute({
  ...user,
  method: 'GET',
  path: '/api/daily_price/history',
  summary: 'The price of each of the last 7 or 30 days, oldest first (chart)',
  query: HistoryQuerySchema,
  response: z.strictObject({ days: z.number().int(), prices: z.array(PriceDaySchema) }),
  errors: { 400: ['invalid_days'] },
});
