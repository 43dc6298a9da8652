import type { UserId } from '@trafficshare/identity';

import { utcDay } from '../common/dates';
import { INCOME_DIVISOR } from '../common/money';
import type { PriceBook } from '../pricing/price-book';

export interface ReportToCredit {
  readonly sessionId: string;
  readonly seq: number;
  readonly telegramId: UserId;
  readonly milliMb: number;
  readonly countedAt: Date;
}

export interface PricedReport extends ReportToCredit {
  readonly pricePerGb: number;
}

export interface UserCredit {
  readonly telegramId: UserId;
  /** Micro-USD to credit now (rounded down). */
  readonly amount: number;
  /** Numerator carried to the next credit (< 1,024,000). */
  readonly remainder: number;
  readonly milliMb: number;
  readonly reportCount: number;
  /** Price of the latest-counted report (for the event). */
  readonly lastPricePerGb: number;
  /** The credited amount and MB split by UTC day of counted_at; sums equal amount and milliMb. */
  readonly byDay: ReadonlyMap<string, { milliMb: number; earned: number }>;
}

/** Attaches the price in force when each report's MB were counted. */
export function priceReports(reports: readonly ReportToCredit[], book: PriceBook): PricedReport[] {
  return reports.map((r) => ({ ...r, pricePerGb: book.at(r.countedAt).pricePerGb }));
}

/**
 * earned = MB / 1024 × price_per_gb, in integer micro-USD: exactly
 * Σ milli_mb × price_micro_per_gb / 1,024,000. Per user the exact numerator (plus the carried
 * remainder) is divided once and rounded DOWN; the remainder is carried to the next credit. So
 * a credit never exceeds what was earned, and over time the user gets every whole micro-USD.
 */
export function computeCredits(
  reports: readonly PricedReport[],
  remainders: ReadonlyMap<UserId, number>,
): UserCredit[] {
  const byUser = new Map<UserId, PricedReport[]>();
  for (const r of reports) {
    const list = byUser.get(r.telegramId) ?? [];
    list.push(r);
    byUser.set(r.telegramId, list);
  }
  const out: UserCredit[] = [];
  for (const [telegramId, list] of byUser) {
    const carried = BigInt(remainders.get(telegramId) ?? 0);
    let numerator = carried;
    let milliMb = 0;
    let last = list[0];
    const dayNumerators = new Map<string, { num: bigint; milliMb: number }>();
    for (const r of list) {
      const n = BigInt(r.milliMb) * BigInt(r.pricePerGb);
      numerator += n;
      milliMb += r.milliMb;
      if (r.countedAt.getTime() >= last.countedAt.getTime()) last = r;
      const day = utcDay(r.countedAt);
      const d = dayNumerators.get(day) ?? { num: 0n, milliMb: 0 };
      d.num += n;
      d.milliMb += r.milliMb;
      dayNumerators.set(day, d);
    }
    const amount = numerator / INCOME_DIVISOR;
    // Split the credited amount by day: each day its rounded-down share, the rest to the latest day.
    const days = [...dayNumerators.keys()].sort();
    const byDay = new Map<string, { milliMb: number; earned: number }>();
    let assigned = 0n;
    for (const day of days) {
      const share = dayNumerators.get(day)!.num / INCOME_DIVISOR;
      assigned += share;
      byDay.set(day, { milliMb: dayNumerators.get(day)!.milliMb, earned: Number(share) });
    }
    const lastDay = byDay.get(days[days.length - 1])!;
    lastDay.earned += Number(amount - assigned);
    out.push({
      telegramId,
      amount: Number(amount),
      remainder: Number(numerator % INCOME_DIVISOR),
      milliMb,
      reportCount: list.length,
      lastPricePerGb: last.pricePerGb,
      byDay,
    });
  }
  return out.sort((a, b) => a.telegramId - b.telegramId);
}
