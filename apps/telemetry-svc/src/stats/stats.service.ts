import { Injectable } from '@nestjs/common';

import { telemetryNames, type telemetry } from '@trafficshare/contracts';
import type { UserId } from '@trafficshare/identity';

import { TelemetryErrorCode, TelemetryException } from '../common/telemetry.exception';
import { EarningsRepository } from '../earnings/earnings.repository';
import { dayStart, parseTime, weekStart } from '../history/history.service';
import { StatsRepository, type BucketRow, type Period } from './stats.repository';

const PERIODS: Record<
  string,
  { unit: Period; defaultSpan: (to: Date) => Date; maxBuckets: number }
> = {
  daily: {
    unit: 'day',
    defaultSpan: (to) => new Date(to.getTime() - 30 * 86_400_000),
    maxBuckets: 366,
  },
  weekly: {
    unit: 'week',
    defaultSpan: (to) => new Date(to.getTime() - 12 * 7 * 86_400_000),
    maxBuckets: 260,
  },
  monthly: {
    unit: 'month',
    defaultSpan: (to) => new Date(Date.UTC(to.getUTCFullYear() - 1, to.getUTCMonth(), 1)),
    maxBuckets: 120,
  },
};

export function toPoint(r: BucketRow): telemetry.StatsPoint {
  return {
    periodStart: r.bucket,
    sessions: Number(r.sessions),
    reportCount: Number(r.reports),
    sentMilliMb: Number(r.sent),
    soldMilliMb: Number(r.sold),
    profitMicroUsd: Number(r.profit),
    averagePricePerGbMicroUsd: r.price === null ? 0 : Number(r.price),
  };
}

/** Analytics: daily / weekly / monthly rollups, summary, rates. */
@Injectable()
export class StatsService {
  constructor(
    private readonly repo: StatsRepository,
    private readonly earnings: EarningsRepository,
  ) {}

  async stats(
    owner: UserId,
    req: Omit<telemetry.GetStatsRequest, 'caller' | 'telegramId'>,
  ): Promise<telemetry.GetStatsResponse> {
    const period = telemetryNames.statsPeriod.toNameOr(req.period, '');
    const p = PERIODS[period];
    if (!p)
      throw new TelemetryException(
        TelemetryErrorCode.InvalidArgument,
        'period must be daily, weekly or monthly',
      );
    const to = parseTime(req.to, 'to') ?? new Date(dayStart(new Date()).getTime() + 86_400_000);
    const from = parseTime(req.from, 'from') ?? p.defaultSpan(to);
    if (from >= to)
      throw new TelemetryException(TelemetryErrorCode.InvalidArgument, 'from must be before to');
    const days = (to.getTime() - from.getTime()) / 86_400_000;
    const buckets = p.unit === 'day' ? days : p.unit === 'week' ? days / 7 : days / 28;
    if (buckets > p.maxBuckets)
      throw new TelemetryException(
        TelemetryErrorCode.InvalidArgument,
        `At most ${p.maxBuckets} ${period} buckets per request`,
      );
    const rows = await this.repo.buckets(owner, p.unit, from, to);
    return {
      period: req.period,
      from: from.toISOString(),
      to: to.toISOString(),
      points: rows.map(toPoint),
    };
  }

  async summary(owner: UserId): Promise<telemetry.GetStatsSummaryResponse> {
    const now = new Date();
    const end = new Date(dayStart(now).getTime() + 86_400_000);
    const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
    const [all, today, week, m] = await Promise.all([
      this.repo.totals(owner, new Date(0), end),
      this.repo.totals(owner, dayStart(now), end),
      this.repo.totals(owner, weekStart(now), end),
      this.repo.totals(owner, month, end),
    ]);
    return {
      allTime: toPoint({ ...all, bucket: '1970-01-01' }),
      today: toPoint({ ...today, bucket: dayStart(now).toISOString().slice(0, 10) }),
      week: toPoint({ ...week, bucket: weekStart(now).toISOString().slice(0, 10) }),
      month: toPoint({ ...m, bucket: month.toISOString().slice(0, 10) }),
      activeSessions: Number(all.active),
      lastSessionAt: all.last ? new Date(all.last).toISOString() : '',
    };
  }

  async rates(days: number): Promise<telemetry.GetRatesResponse> {
    const rows = await this.earnings.rates(Math.min(Math.max(days || 30, 1), 365));
    return { rates: rows.map((r) => ({ date: r.day, pricePerGbMicroUsd: Number(r.price) })) };
  }
}
