import type { auth, ledger, payout, telemetry } from '@trafficshare/contracts';
import type { z } from '../../common/zod';

import { mb, usd } from '../../common/units';
import type { DashboardChartsRoute, DashboardSummaryRoute } from './admin-dashboard.contract';

type Summary = z.input<typeof DashboardSummaryRoute.response>;
type Charts = z.input<typeof DashboardChartsRoute.response>;

const BYTES_PER_MB = 1_048_576;

export const usersJson = (a: auth.GetAdminStatsResponse): Summary['users'] => ({
  total: a.users,
  banned: a.bannedUsers,
  new_today: a.newUsersToday,
  active_api_keys: a.activeApiKeys,
  sold_mb_total: Math.floor((a.apiKeysRelayedBytes * 1000) / BYTES_PER_MB) / 1000,
});

export const balancesJson = (l: ledger.GetAdminStatsResponse): Summary['balances'] => ({
  total_available_usd: usd(l.userAvailableMicroUsd),
  total_held_usd: usd(l.userHeldMicroUsd),
  pending_withdraw_holds: l.pendingWithdrawHolds,
});

export const sessionsJson = (t: telemetry.GetAdminStatsResponse): Summary['sessions'] => ({
  active: t.activeSessions,
  active_users: t.activeUsers,
  started_today: t.today?.sessions ?? 0,
  sent_mb_today: mb(t.today?.sentMilliMb ?? 0),
});

export const todayJson = (l: ledger.GetAdminStatsResponse): Summary['today'] => ({
  credited_usd: usd(l.today?.incomeMicroUsd ?? 0),
  credited_mb: mb(l.today?.incomeMilliMb ?? 0),
  bonus_usd: usd(l.today?.bonusMicroUsd ?? 0),
  withdrawn_usd: usd(l.today?.withdrawnMicroUsd ?? 0),
});

/**
 * Revenue is what buyers pay for the traffic users share; the margin is revenue minus what the
 * users were credited. No buyer is billed yet, so sold MB and revenue are 0 and the margin is
 * the day's credits, negative; `buyer_sales` says why.
 */
export const revenueJson = (
  l: ledger.GetAdminStatsResponse,
  a: auth.GetAdminStatsResponse | undefined,
): Summary['revenue'] => {
  const credited = l.today?.incomeMicroUsd ?? 0;
  const revenue = 0;
  return {
    sold_mb_today: 0,
    revenue_usd_today: usd(revenue),
    credited_usd_today: usd(credited),
    margin_usd_today: usd(revenue - credited),
    buyer_sales: (a?.apiKeysRelayedBytes ?? 0) > 0 ? 'not_billed' : 'none',
  };
};

export const payoutsJson = (p: payout.GetAdminStatsResponse): Summary['payouts'] => ({
  today_count: p.today?.count ?? 0,
  today_usd: usd(p.today?.microUsd ?? 0),
  pending_withdrawals: p.pendingWithdrawals,
});

export const authSeries = (
  a: auth.GetAdminStatsResponse,
): Pick<Charts, 'new_users' | 'daily_active_users'> => ({
  new_users: a.newUsers.map((d) => ({ date: d.date, value: d.count })),
  daily_active_users: a.activeUsers.map((d) => ({ date: d.date, value: d.count })),
});

export const ledgerSeries = (l: ledger.GetAdminStatsResponse): Charts['credited_usd'] =>
  l.days.map((d) => ({ date: d.date, value: usd(d.incomeMicroUsd) }));

/** Withdrawals completed per UTC day, as payout-svc records them. */
export const payoutSeries = (p: payout.GetAdminStatsResponse): Charts['payouts_usd'] =>
  p.days.map((d) => ({ date: d.date, value: usd(d.microUsd) }));

export const trafficSeries = (t: telemetry.GetAdminStatsResponse): Charts['mb'] =>
  t.days.map((d) => ({ date: d.date, value: mb(d.sentMilliMb) }));
