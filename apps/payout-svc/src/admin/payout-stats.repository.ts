import { Injectable } from '@nestjs/common';

import { PayoutSql } from '../common/payout-sql';

export interface PayoutDayRow {
  readonly date: string;
  readonly count: number;
  readonly microUsd: number;
}

/** The admin dashboard's reads: completed payouts per UTC day and the open withdrawals. */
@Injectable()
export class PayoutStatsRepository {
  constructor(private readonly sql: PayoutSql) {}

  /** Completed withdrawals per UTC day of completion since `from` (days without any are absent). */
  async completedPerDay(from: Date): Promise<PayoutDayRow[]> {
    const rows: Array<{ date: string; n: string; usd: string }> = await this.sql.ds.query(
      `SELECT to_char((processed_at AT TIME ZONE 'UTC')::date, 'YYYY-MM-DD') AS date,
              count(*) AS n, coalesce(sum(amount_micro_usd), 0) AS usd
         FROM ${this.sql.t('withdraw_requests')}
        WHERE status = 'completed' AND processed_at >= $1
        GROUP BY 1`,
      [from],
    );
    return rows.map((r) => ({ date: r.date, count: Number(r.n), microUsd: Number(r.usd) }));
  }

  async openByStatus(): Promise<Record<string, number>> {
    const rows: Array<{ status: string; n: string }> = await this.sql.ds.query(
      `SELECT status, count(*) AS n FROM ${this.sql.t('withdraw_requests')}
        WHERE status IN ('reserving', 'pending', 'pending_manual_review', 'processing') GROUP BY status`,
    );
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  }
}
