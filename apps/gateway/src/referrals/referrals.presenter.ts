import type { auth, ledger } from '@trafficshare/contracts';

import { mb, usd } from '../common/units';
import type { z } from '../common/zod';
import type {
  EarningsSummarySchema,
  ReferralItemSchema,
  ReferralReasonSchema,
  ReferralStatusSchema,
} from './referrals.contract';

type Status = z.input<typeof ReferralStatusSchema>;
type Reason = z.input<typeof ReferralReasonSchema>;

const STATUSES: readonly Status[] = ['counted', 'not_counted', 'voided', 'banned'];
const REASONS: readonly NonNullable<Reason>[] = [
  'same_ip',
  'same_device',
  'daily_cap',
  'filter_failed',
  'admin_void',
  'banned',
];

export const maskId = (id: number): string => `•••${String(id).slice(-4)}`;

export const statusOf = (s: string): Status =>
  STATUSES.includes(s as Status) ? (s as Status) : 'not_counted';
export const reasonOf = (r: string): Reason =>
  REASONS.includes(r as NonNullable<Reason>) ? (r as NonNullable<Reason>) : null;

/** One referral as its referrer sees it: masked, with what it earned them (from the ledger). */
export function referralItemJson(
  r: auth.ReferralEntry,
  earned: ledger.ReferralSourceEarnings | undefined,
): z.input<typeof ReferralItemSchema> {
  const status = statusOf(r.status);
  return {
    id_masked: maskId(r.telegramId),
    name_masked: r.nameMasked,
    tier: r.tier,
    status,
    reason: status === 'counted' ? null : reasonOf(r.reason),
    via: r.via,
    joined_at: r.attributedAt,
    earned_usd: earned ? usd(earned.earnedMicroUsd) : null,
    shared_mb: earned && earned.tier === 1 ? mb(earned.sharedMilliMb) : null,
    bonus_paid: earned?.bonusPaid ?? false,
  };
}

export function earningsSummaryJson(
  e: ledger.GetReferralEarningsResponse | null,
): z.input<typeof EarningsSummarySchema> {
  if (!e) return null;
  return {
    total_usd: usd(e.totalMicroUsd),
    tiers: e.tiers.map((t) => ({
      tier: t.tier,
      earned_usd: usd(t.earnedMicroUsd),
      income_usd: usd(t.incomeMicroUsd),
    })),
  };
}

export function ratesJson(e: ledger.GetReferralEarningsResponse | null) {
  return (e?.ratesBp ?? []).map((bp, i) => ({ tier: i + 1, percent: bp / 100 }));
}

export function linksJson(l: auth.ReferralLinks | undefined) {
  return { bot: l?.botLink ?? '', mini_app: l?.miniAppLink ?? '', web: l?.webLink ?? '' };
}
