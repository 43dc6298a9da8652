import { telemetryNames, type telemetry } from '@trafficshare/contracts';

import { mb, usd, usdPerMb } from '../common/units';
import type {
  RatesJson,
  StatsPointJson,
  StatsSeriesJson,
  StatsSummaryJson,
} from './stats.contract';

/** One bucket of a rollup (a day, week, month, or a total). */
export function pointJson(p: telemetry.StatsPoint | undefined): StatsPointJson {
  return {
    date: p?.periodStart ?? null,
    sessions: p?.sessions ?? 0,
    reports: p?.reportCount ?? 0,
    sent_mb: mb(p?.sentMilliMb ?? 0),
    sold_mb: mb(p?.soldMilliMb ?? 0),
    profit_usd: usd(p?.profitMicroUsd ?? 0),
    price_per_gb: usd(p?.averagePricePerGbMicroUsd ?? 0),
    price_per_mb: p ? usdPerMb(p.averagePricePerGbMicroUsd) : 0,
  };
}

export function seriesJson(res: telemetry.GetStatsResponse, period: string): StatsSeriesJson {
  return {
    period: telemetryNames.statsPeriod.toNameOr(res.period, period),
    from: res.from,
    to: res.to,
    points: res.points.map(pointJson),
  };
}

export function summaryJson(s: telemetry.GetStatsSummaryResponse): StatsSummaryJson {
  return {
    all_time: pointJson(s.allTime),
    today: pointJson(s.today),
    week: pointJson(s.week),
    month: pointJson(s.month),
    active_sessions: s.activeSessions,
    last_session_at: s.lastSessionAt || null,
  };
}

export function ratesJson(res: telemetry.GetRatesResponse): RatesJson {
  return {
    current: res.rates[0]
      ? { date: res.rates[0].date, price_per_gb: usd(res.rates[0].pricePerGbMicroUsd) }
      : null,
    rates: res.rates.map((r) => ({
      date: r.date,
      price_per_gb: usd(r.pricePerGbMicroUsd),
      price_per_mb: usdPerMb(r.pricePerGbMicroUsd),
    })),
  };
}
