import { queryInt, z } from '../../common/zod';
import { defineRoute } from '../../contract/route-contract';

const admins = {
  tags: ['admin-dashboard'],
  access: { roles: ['superadmin'] },
} as const;

const Part = z
  .array(z.string())
  .describe('Parts whose owning service failed or is slow (their fields are null)');

const UsersPart = z
  .strictObject({
    total: z.number().int(),
    banned: z.number().int(),
    new_today: z.number().int(),
    active_api_keys: z.number().int(),
    sold_mb_total: z.number().describe('MB the relay carried for buyer API keys, all time'),
  })
  .nullable();

export const DashboardSummaryRoute = defineRoute({
  ...admins,
  method: 'GET',
  path: '/api/admin/dashboard/summary',
  summary:
    'The business at a glance: users, balances, sessions, API keys, today’s credits and payouts, pending reviews and withdrawals — each number from the service that owns it',
  response: z.strictObject({
    users: UsersPart,
    balances: z
      .strictObject({
        total_available_usd: z.number(),
        total_held_usd: z.number(),
        pending_withdraw_holds: z.number().int(),
      })
      .nullable(),
    sessions: z
      .strictObject({
        active: z.number().int(),
        active_users: z.number().int(),
        started_today: z.number().int(),
        sent_mb_today: z.number(),
      })
      .nullable(),
    today: z
      .strictObject({
        credited_usd: z.number().describe('Traffic income credited to users today'),
        credited_mb: z.number(),
        bonus_usd: z.number(),
        withdrawn_usd: z.number().describe('Withdrawal holds posted by the ledger today'),
      })
      .nullable(),
    revenue: z
      .strictObject({
        sold_mb_today: z
          .number()
          .describe('MB sold to buyers today: 0 until buyer billing exists (see buyer_sales)'),
        revenue_usd_today: z
          .number()
          .describe('What buyers paid today (0 until buyers are billed)'),
        credited_usd_today: z
          .number()
          .describe('Traffic income credited to users today (the cost)'),
        margin_usd_today: z.number().describe('revenue_usd_today − credited_usd_today'),
        buyer_sales: z
          .enum(['none', 'not_billed'])
          .describe(
            'none: no buyer traffic has been carried yet; not_billed: buyer keys carry traffic (sold_mb_total) but no buyer price or billing exists yet, so revenue is 0',
          ),
      })
      .nullable()
      .describe('Today’s revenue and margin (null when the ledger is unavailable)'),
    payouts: z
      .strictObject({
        today_count: z.number().int(),
        today_usd: z.number(),
        pending_withdrawals: z.number().int(),
      })
      .nullable(),
    pending_filter_reviews: z.number().int().nullable(),
    degraded: Part,
    generated_at: z.string(),
  }),
});

const Point = <T extends z.ZodType>(value: T) => z.strictObject({ date: z.string(), value });

export const DashboardChartsRoute = defineRoute({
  ...admins,
  method: 'GET',
  path: '/api/admin/dashboard/charts',
  summary: 'Series per UTC day (oldest first, every day present) for the admin charts',
  query: z
    .object({
      days: queryInt(7, 90)
        .refine((d) => d === 7 || d === 30 || d === 90, 'days must be 7, 30 or 90')
        .default(7),
    })
    .strict(),
  response: z.strictObject({
    days: z.number().int(),
    new_users: z.array(Point(z.number().int())).nullable(),
    daily_active_users: z.array(Point(z.number().int())).nullable(),
    mb: z.array(Point(z.number())).nullable().describe('MB sent by users per day'),
    credited_usd: z
      .array(Point(z.number()))
      .nullable()
      .describe('Traffic income credited to users per day (the cost side of revenue)'),
    payouts_usd: z
      .array(Point(z.number()))
      .nullable()
      .describe('Withdrawals completed per UTC day (payout-svc), USD'),
    degraded: Part,
  }),
  errors: { 400: ['invalid_days'] },
});
