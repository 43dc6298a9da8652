import { Injectable } from '@nestjs/common';

import type { payout } from '@trafficshare/contracts';
import { requireRole, type CallerInfo } from '@trafficshare/identity';

import { WithdrawErrorCode, WithdrawException } from '../withdraw/withdraw.exception';
import { PayoutStatsRepository } from './payout-stats.repository';

const DAY_MS = 86_400_000;

/** The UTC dates of the last `days` days, oldest first; the last is today. */
export function utcDays(days: number, now = new Date()): string[] {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Array.from({ length: days }, (_, i) =>
    new Date(today - (days - 1 - i) * DAY_MS).toISOString().slice(0, 10),
  );
}

/** Admin dashboard numbers owned by payout-svc: payouts per day, withdrawals waiting. */
@Injectable()
export class PayoutStatsService {
  constructor(private readonly repo: PayoutStatsRepository) {}

  async stats(caller: CallerInfo, days: number): Promise<payout.GetAdminStatsResponse> {
    // Dashboard, reports and monitor numbers are the superadmin's, as at the gateway.
    requireRole(caller, 'superadmin');
    if (!Number.isInteger(days) || days < 1 || days > 90) {
      throw new WithdrawException(WithdrawErrorCode.InvalidDays, 'days must be 1-90');
    }
    const dates = utcDays(days);
    const [perDay, open] = await Promise.all([
      this.repo.completedPerDay(new Date(`${dates[0]}T00:00:00Z`)),
      this.repo.openByStatus(),
    ]);
    const byDate = new Map(perDay.map((d) => [d.date, d]));
    const series: payout.PayoutDay[] = dates.map((date) => {
      const d = byDate.get(date);
      return { date, count: d?.count ?? 0, microUsd: d?.microUsd ?? 0 };
    });
    const n = (s: string) => open[s] ?? 0;
    return {
      today: series[series.length - 1],
      pendingWithdrawals:
        n('reserving') + n('pending') + n('pending_manual_review') + n('processing'),
      manualReview: n('pending_manual_review'),
      processing: n('processing'),
      days: series,
    };
  }
}
