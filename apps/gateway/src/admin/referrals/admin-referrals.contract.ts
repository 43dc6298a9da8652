import { text, z } from '../../common/zod';
import { defineRoute } from '../../contract/route-contract';
import {
  AdminTelegramIdParams,
  EarningsSummarySchema,
  ReferralReasonSchema,
  ReferralStatusSchema,
  ReferralsQuerySchema,
} from '../../referrals/referrals.contract';

const AdminReferralSchema = z.strictObject({
  telegram_id: z.number().int(),
  referrer_id: z.number().int(),
  name_masked: z.string(),
  tier: z.number().int(),
  status: ReferralStatusSchema,
  reason: ReferralReasonSchema,
  via: z.string(),
  joined_at: z.string(),
  earned_usd: z.number().nullable(),
});
export type AdminReferralJson = z.input<typeof AdminReferralSchema>;

// Superadmins only: moderators manage users, API keys and withdrawals, nothing else.
const admin = {
  tags: ['admin', 'referrals'],
  access: { roles: ['superadmin'] },
} as const;

export const AdminReferralTreeRoute = defineRoute({
  ...admin,
  method: 'GET',
  path: '/api/admin/referrals/:telegram_id',
  summary:
    'A user’s referral tree (every tier, raw ids), who referred them, earnings, and flags: refused attempts (self, unknown_code, not_first_login) and referrals not counted',
  params: AdminTelegramIdParams,
  query: ReferralsQuerySchema,
  response: z.strictObject({
    telegram_id: z.number().int(),
    code: z.string(),
    referred_by: z.number().int().nullable(),
    referred_status: ReferralStatusSchema.nullable(),
    counts: z.array(
      z.strictObject({
        tier: z.number().int(),
        counted: z.number().int(),
        not_counted: z.number().int(),
      }),
    ),
    total: z.number().int(),
    earnings: EarningsSummarySchema,
    referrals: z.array(AdminReferralSchema),
    flags: z.array(
      z.strictObject({
        telegram_id: z.number().int(),
        code: z.string(),
        reason: z.string().describe('self | unknown_code | not_first_login'),
        at: z.string(),
      }),
    ),
  }),
  errors: { 404: ['user_not_found'] },
});

export const AdminVoidReferralRoute = defineRoute({
  ...admin,
  method: 'POST',
  path: '/api/admin/referrals/:telegram_id/void',
  summary:
    'Void the relationship that made this user a referral: future commissions stop; `claw_back` also takes back (audited adjustment, never below zero) what it paid the referrer',
  params: AdminTelegramIdParams,
  body: z.strictObject({
    note: text(500).min(1).describe('Why (audited)'),
    claw_back: z.boolean().default(false),
  }),
  response: z.strictObject({
    voided: z.boolean().describe('false: it was voided before (nothing changed)'),
    referral: AdminReferralSchema,
  }),
  errors: { 404: ['referral_not_found'] },
});
