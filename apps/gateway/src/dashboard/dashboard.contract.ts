import { commonNames } from '@trafficshare/contracts';

import { z } from '../common/zod';
import { namesOf, telegramIdPath } from '../contract/params';
import { defineRoute } from '../contract/route-contract';
import { DailyPriceSchema } from '../pricing/pricing.contract';

const DashboardUserSchema = z
  .strictObject({
    telegram_id: z.string(),
    first_name: z.string().nullable().optional(),
    username: z.string().optional(),
    photo_url: z.string().nullable().optional(),
    auth_date: z.string().nullable().optional(),
  })
  .describe(
    'From auth-svc; when it does not answer, the token’s claims (own dashboard) or only telegram_id',
  );
export type DashboardUserJson = z.input<typeof DashboardUserSchema>;

const TrafficSchema = z.strictObject({
  period: z.literal('today'),
  sent_mb: z.number().describe('MB telemetry counted'),
  used_mb: z.number().describe('MB the ledger credited'),
  remaining_mb: z.number().describe('Counted, not yet credited'),
  progress_percent: z.number(),
});
export type DashboardTrafficJson = z.input<typeof TrafficSchema>;

const ActiveSessionSchema = z.strictObject({
  session_id: z.string(),
  started_at: z.string(),
  duration_s: z.number().int(),
  used_mb: z.number(),
  current_speed_mb_s: z.number(),
  network_type: z.union([namesOf(commonNames.networkType.names), z.literal('')]),
});
export type DashboardActiveSessionJson = z.input<typeof ActiveSessionSchema>;

const DashboardSchema = z.strictObject({
  user: DashboardUserSchema,
  balance: z.strictObject({
    usd: z.number(),
    converted_usdt: z.number(),
    converted_uzs: z.number().int(),
    held_usd: z.number(),
  }),
  traffic: TrafficSchema,
  pricing: DailyPriceSchema.nullable(),
  mini_stats: z.strictObject({
    today_usd: z.number(),
    week_usd: z.number(),
    avg7_usd: z.number().describe('Average per day over the last 7 days'),
    today_mb: z.number(),
    week_mb: z.number(),
    sessions_today: z.number().int().nullable(),
    sessions_week: z.number().int().nullable(),
  }),
  active_session: ActiveSessionSchema.nullable(),
  referrals: z
    .strictObject({
      total_usd: z.number().describe('Referral earnings (commissions and bonuses), all time'),
      today_usd: z.number().describe('Today (UTC)'),
    })
    .nullable(),
  degraded: z
    .array(z.enum(['profile', 'traffic', 'active_session', 'pricing', 'referrals']))
    .describe('Parts whose service did not answer in time (shown from a fallback or null)'),
});
export type DashboardJson = z.input<typeof DashboardSchema>;

export const DashboardRoute = defineRoute({
  method: 'GET',
  path: '/api/dashboard',
  aliases: ['/api/dashboard/:telegram_id'],
  tags: ['dashboard'],
  access: 'user',
  summary:
    'The caller’s dashboard in one response (with `:telegram_id`: a user’s — self, or any user for an admin); `degraded` lists parts whose service did not answer',
  description: 'Fails only when the ledger’s balance is unavailable.',
  params: z.strictObject({ telegram_id: telegramIdPath.optional() }),
  response: DashboardSchema,
  errors: { 403: ['forbidden'] },
});
