import { queryInt, z } from '../common/zod';
import { telegramIdPath } from '../contract/params';
import { defineRoute } from '../contract/route-contract';

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD');

export const ReferralStatusSchema = z
  .enum(['counted', 'not_counted', 'voided', 'banned'])
  .describe('counted = paid; otherwise `reason` says why not');

export const ReferralReasonSchema = z
  .enum(['same_ip', 'same_device', 'daily_cap', 'filter_failed', 'admin_void', 'banned'])
  .nullable()
  .describe(
    'Why a referral is not counted: same_ip (logged in from an IP the referrer used), same_device (STARTed on a device the referrer used), daily_cap (the referrer’s cap for the day was reached), filter_failed (a START denied as VPN, proxy or datacenter), admin_void, banned; null when counted',
  );

const LinksSchema = z.strictObject({
  bot: z.string().describe('Telegram bot deep link: https://t.me/<bot>?start=ref_<code>'),
  mini_app: z
    .string()
    .describe('Mini App link (…?startapp=ref_<code>); arrives as start_param in initData'),
  web: z
    .string()
    .describe('Web link (<PUBLIC_WEB_URL>/?ref=<code>; relative to the web client when unset)'),
});

const TierCountSchema = z.strictObject({
  tier: z.number().int(),
  counted: z.number().int(),
  not_counted: z.number().int(),
});

const TierEarningsSchema = z.strictObject({
  tier: z.number().int().describe('1..N; 0 = the one-time milestone bonuses'),
  earned_usd: z.number(),
  income_usd: z.number().describe('Referrals’ traffic income the commissions were taken on'),
});

export const EarningsSummarySchema = z
  .strictObject({
    total_usd: z.number(),
    tiers: z.array(TierEarningsSchema),
  })
  .nullable()
  .describe('null while the ledger cannot be reached (the rest of the page still loads)');

export const ReferralItemSchema = z.strictObject({
  id_masked: z.string().describe('Last digits of the referral’s Telegram id, e.g. "•••2114"'),
  name_masked: z.string().describe('First letters of the first name, e.g. "Al***"'),
  tier: z.number().int(),
  status: ReferralStatusSchema,
  reason: ReferralReasonSchema,
  via: z.string().describe('webapp | telegram'),
  joined_at: z.string(),
  earned_usd: z.number().nullable().describe('What this referral earned you (null: unknown)'),
  shared_mb: z
    .number()
    .nullable()
    .describe('Traffic shared while counted, since joining (progress to the milestone bonus)'),
  bonus_paid: z.boolean(),
});

export const ReferralsQuerySchema = z.strictObject({
  limit: queryInt(1, 100).optional(),
  offset: queryInt(0, 1_000_000).optional(),
});

export const EarningsQuerySchema = z.strictObject({
  from: Day.optional().describe('First day (UTC), default 29 days before `to`'),
  to: Day.optional().describe('Last day (UTC), default today'),
});

const user = { tags: ['referrals'], access: 'user' } as const;

export const ReferralsRoute = defineRoute({
  ...user,
  method: 'GET',
  path: '/api/referrals',
  summary:
    'Your referral code and links, counts and earnings per tier, and your referrals (masked) with their status and the reason when not counted',
  query: ReferralsQuerySchema,
  response: z.strictObject({
    code: z.string(),
    links: LinksSchema,
    rates: z.array(z.strictObject({ tier: z.number().int(), percent: z.number() })),
    bonus: z
      .strictObject({ usd: z.number(), after_mb: z.number() })
      .nullable()
      .describe('The one-time bonus per referral once they have shared `after_mb`'),
    counts: z.array(TierCountSchema),
    total: z.number().int(),
    earnings: EarningsSummarySchema,
    referrals: z.array(ReferralItemSchema),
    limit: z.number().int(),
    offset: z.number().int(),
  }),
  errors: { 404: ['user_not_found'] },
});

export const ReferralEarningsRoute = defineRoute({
  ...user,
  method: 'GET',
  path: '/api/referrals/earnings',
  summary: 'Referral earnings per day (UTC) and tier between `from` and `to` (at most 366 days)',
  query: EarningsQuerySchema,
  response: z.strictObject({
    from: z.string(),
    to: z.string(),
    total_usd: z.number().describe('Sum over the range'),
    days: z.array(
      z.strictObject({
        date: z.string(),
        tier: z.number().int().describe('0 = milestone bonus'),
        earned_usd: z.number(),
        income_usd: z.number(),
      }),
    ),
  }),
  errors: { 400: ['invalid_range'] },
});

export const AdminTelegramIdParams = z.strictObject({ telegram_id: telegramIdPath });
