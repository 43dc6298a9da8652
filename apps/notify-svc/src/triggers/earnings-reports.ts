import { Injectable } from '@nestjs/common';

import { CATALOGUE, type Language } from '../common/catalogue';
import { Notifier } from './notifier';
import { TriggerStore, type EarningsTotal } from './trigger-store';

const DAY_MS = 86_400_000;
const PAGE = 1_000;
/** Credits of the last minutes of a period may still be on their way. */
export const REPORT_GRACE_MS = 60_000;
/** A report not sent within a day of its period's end is skipped (never sent days late). */
const MAX_LATE_MS = DAY_MS;
/** Earnings kept for reports (a month and the one before, with margin). */
const KEEP_DAYS = 70;

export type ReportKind = 'daily' | 'weekly' | 'monthly';

interface Period {
  readonly kind: ReportKind;
  /** First day (inclusive) and the day after the last, as YYYY-MM-DD (UTC). */
  readonly from: string;
  readonly to: string;
  /** The period before (weekly: compared). */
  readonly previousFrom: string;
  readonly end: Date;
}

const day = (d: Date): string => d.toISOString().slice(0, 10);
const floorDay = (t: number): Date => new Date(Math.floor(t / DAY_MS) * DAY_MS);

/** The latest finished period of each kind at `now` (UTC: days end at 00:00, weeks on Sunday
 *  night, months on the last day). */
export function latestPeriods(now: Date): Period[] {
  const end = floorDay(now.getTime() - REPORT_GRACE_MS);
  const daily: Period = {
    kind: 'daily',
    from: day(new Date(end.getTime() - DAY_MS)),
    to: day(end),
    previousFrom: day(new Date(end.getTime() - DAY_MS)),
    end,
  };
  // Monday 00:00 on or before `end` (getUTCDay: 0 = Sunday).
  const monday = new Date(end.getTime() - ((end.getUTCDay() + 6) % 7) * DAY_MS);
  const weekly: Period = {
    kind: 'weekly',
    from: day(new Date(monday.getTime() - 7 * DAY_MS)),
    to: day(monday),
    previousFrom: day(new Date(monday.getTime() - 14 * DAY_MS)),
    end: monday,
  };
  const first = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth(), 1));
  const previous = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - 1, 1));
  const monthly: Period = {
    kind: 'monthly',
    from: day(previous),
    to: day(first),
    previousFrom: day(previous),
    end: first,
  };
  return [daily, weekly, monthly];
}

function text(kind: ReportKind, lang: Language, t: EarningsTotal) {
  if (kind === 'daily') return CATALOGUE.dailyReport(lang, t.amountMicroUsd);
  if (kind === 'monthly') return CATALOGUE.monthlyReport(lang, t.amountMicroUsd);
  const change =
    t.previousMicroUsd > 0
      ? ((t.amountMicroUsd - t.previousMicroUsd) / t.previousMicroUsd) * 100
      : null;
  return CATALOGUE.weeklyReport(lang, t.amountMicroUsd, change);
}

/**
 * Earnings reports at 00:00 UTC (the day), Sunday night (the week, against the week before) and
 * month end: one notification to each user who earned in the period and has session updates on,
 * built from notify-svc's own per-day sums of IncomesCredited. A finished period is recorded, so
 * later ticks skip it; each notification's source key makes a second replica (or a crash and
 * rerun) add nothing.
 */
@Injectable()
export class EarningsReports {
  constructor(
    private readonly store: TriggerStore,
    private readonly notifier: Notifier,
  ) {}

  /** Sends the reports due at `now`; resolves with how many notifications were stored. */
  async run(now: Date): Promise<number> {
    let added = 0;
    for (const period of latestPeriods(now)) {
      const id = period.kind === 'monthly' ? period.from.slice(0, 7) : period.from;
      if (await this.store.reportDone(period.kind, id)) continue;
      let recipients = 0;
      if (now.getTime() - period.end.getTime() <= MAX_LATE_MS) {
        for (let after = 0; ;) {
          const page = await this.store.earningsPage(
            period.from,
            period.to,
            period.previousFrom,
            after,
            PAGE,
          );
          if (page.length === 0) break;
          const stored = await this.store.transaction((tx) =>
            this.notifier.many(
              tx,
              page.map((t) => ({
                owner: t.telegramId,
                build: (p) => ({
                  type: 'report',
                  ...text(period.kind, p.language, t),
                  data: {
                    type: 'report',
                    period: period.kind,
                    from: period.from,
                    amount_micro_usd: String(t.amountMicroUsd),
                  },
                  sourceKey: `report:${period.kind}:${id}:${t.telegramId}`,
                  eventAt: period.end,
                }),
              })),
              'session',
            ),
          );
          recipients += stored;
          after = page[page.length - 1].telegramId;
        }
      }
      added += recipients;
      await this.store.markReport(period.kind, id, recipients, now);
    }
    if (now.getUTCHours() === 1 && now.getUTCMinutes() < 5)
      await this.store.pruneEarnings(day(new Date(now.getTime() - KEEP_DAYS * DAY_MS)));
    return added;
  }
}
