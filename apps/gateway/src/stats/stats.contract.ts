import { line, z } from '../common/zod';
import { defineRoute } from '../contract/route-contract';
import { RatesQuerySchema, StatsQuerySchema, SummaryQuerySchema } from './stats.dto';

const StatsPointSchema = z.strictObject({
  date: z.string().nullable().describe('First day of the bucket (YYYY-MM-DD, UTC)'),
  sessions: z.number().int(),
  reports: z.number().int(),
  sent_mb: z.number().describe('MB the server counted'),
  sold_mb: z.number().describe('MB the ledger paid for'),
  profit_usd: z.number(),
  price_per_gb: z.number().describe('Average USD per GB of the bucket’s credits (0: none)'),
  price_per_mb: z.number(),
});
export type StatsPointJson = z.input<typeof StatsPointSchema>;

const StatsSeriesSchema = z.strictObject({
  period: z.string().describe('daily | weekly | monthly'),
  from: z.string(),
  to: z.string(),
  points: z.array(StatsPointSchema),
});
export type StatsSeriesJson = z.input<typeof StatsSeriesSchema>;

const StatsSummarySchema = z.strictObject({
  all_time: StatsPointSchema,
  today: StatsPointSchema,
  week: StatsPointSchema,
  month: StatsPointSchema,
  active_sessions: z.number().int(),
  last_session_at: z.string().nullable(),
});
export type StatsSummaryJson = z.input<typeof StatsSummarySchema>;

const RatesSchema = z.strictObject({
  current: z.strictObject({ date: z.string(), price_per_gb: z.number() }).nullable(),
  rates: z.array(
    z.strictObject({ date: z.string(), price_per_gb: z.number(), price_per_mb: z.number() }),
  ),
});
export type RatesJson = z.input<typeof RatesSchema>;

/**
 * The older `/<period>/<telegram_id>` form. Kept a plain string: a value that is not a user id
 * names nobody the caller may read (403 for a user, 400 for an admin), as before.
 */
const OwnerParams = z.strictObject({
  telegram_id: line(100).optional().describe('The user (self, or any user for an admin)'),
});

const stats = {
  tags: ['stats'],
  access: 'user',
  // Seed: stats are cheap rollups but rate limited; 20 per 30 s per user lets a chart page load.
  rateLimit: { name: 'stats', points: 20, windowS: 30, by: 'user' },
} as const;

const series = {
  ...stats,
  method: 'GET',
  params: OwnerParams,
  query: StatsQuerySchema,
  response: StatsSeriesSchema,
  // from not before to, or a span with too many buckets.
  errors: { 400: ['invalid_argument'], 403: ['forbidden'] },
} as const;

export const DailyStatsRoute = defineRoute({
  ...series,
  path: '/api/stats/daily',
  aliases: ['/api/stats/daily/:telegram_id'],
  summary: 'Per-day rollup (default last 30 days): sent MB, sold MB, profit, average price',
});

export const WeeklyStatsRoute = defineRoute({
  ...series,
  path: '/api/stats/weekly',
  aliases: ['/api/stats/weekly/:telegram_id'],
  summary: 'Per-ISO-week rollup (default last 12 weeks)',
});

export const MonthlyStatsRoute = defineRoute({
  ...series,
  path: '/api/stats/monthly',
  aliases: ['/api/stats/monthly/:telegram_id'],
  summary: 'Per-month rollup (default last 12 months)',
});

export const RatesRoute = defineRoute({
  ...stats,
  method: 'GET',
  path: '/api/stats/rates',
  summary: 'Price per GB / MB by day as the ledger credited it',
  query: RatesQuerySchema,
  response: RatesSchema,
});

export const StatsSummaryRoute = defineRoute({
  ...stats,
  method: 'GET',
  path: '/api/stats/summary',
  aliases: ['/api/stats/summary/:telegram_id'],
  summary: 'All-time, today, this week and this month totals',
  params: OwnerParams,
  query: SummaryQuerySchema,
  response: StatsSummarySchema,
  errors: { 403: ['forbidden'] },
});
