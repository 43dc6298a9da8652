import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';

import type { UserId } from '@trafficshare/identity';
import { DATA_SOURCE, SERVICE_CONTEXT, type ServiceContext } from '@trafficshare/service-kit';

import { tablesOf, type Tables } from '../common/tables';

export type Period = 'day' | 'week' | 'month';

export interface BucketRow {
  bucket: string;
  sessions: string;
  reports: string;
  sent: string;
  sold: string;
  profit: string;
  price: string | null;
}

/** Rollups of one user's traffic (user_daily_traffic), sessions and credits per bucket. */
@Injectable()
export class StatsRepository {
  private readonly t: Tables;

  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(SERVICE_CONTEXT) ctx: ServiceContext,
  ) {
    this.t = tablesOf(ctx.schema);
  }

  /** One row per bucket in [from, to) (empty buckets included), oldest first. */
  buckets(owner: UserId, period: Period, from: Date, to: Date): Promise<BucketRow[]> {
    return this.dataSource.query(
      `WITH g AS (
         SELECT generate_series(date_trunc($2, $3::timestamptz AT TIME ZONE 'UTC'),
                                date_trunc($2, ($4::timestamptz - interval '1 second') AT TIME ZONE 'UTC'),
                                ('1 ' || $2)::interval)::date AS bucket),
       t AS (SELECT date_trunc($2, day)::date AS bucket, sum(sent_milli_mb) AS sent, sum(report_count) AS reports
             FROM ${this.t.dailyTraffic} WHERE telegram_id = $1 AND day >= $3::date AND day < $4::date GROUP BY 1),
       s AS (SELECT date_trunc($2, started_at AT TIME ZONE 'UTC')::date AS bucket, count(*) AS sessions
             FROM ${this.t.sessions} WHERE telegram_id = $1 AND started_at >= $3 AND started_at < $4 GROUP BY 1),
       e AS (SELECT date_trunc($2, day)::date AS bucket, sum(credited_milli_mb) AS sold, sum(earned_micro_usd) AS profit,
                    CASE WHEN sum(credited_milli_mb) > 0 THEN sum(earned_micro_usd) * 1024000 / sum(credited_milli_mb) END AS price
             FROM ${this.t.dailyEarnings} WHERE telegram_id = $1 AND day >= $3::date AND day < $4::date GROUP BY 1)
       SELECT to_char(g.bucket, 'YYYY-MM-DD') AS bucket, coalesce(s.sessions, 0) AS sessions, coalesce(t.reports, 0) AS reports,
              coalesce(t.sent, 0) AS sent, coalesce(e.sold, 0) AS sold, coalesce(e.profit, 0) AS profit, round(e.price) AS price
       FROM g LEFT JOIN t USING (bucket) LEFT JOIN s USING (bucket) LEFT JOIN e USING (bucket) ORDER BY g.bucket`,
      [owner, period, from, to],
    );
  }

  /** Totals over [from, to). */
  async totals(
    owner: UserId,
    from: Date,
    to: Date,
  ): Promise<BucketRow & { active: string; last: Date | null }> {
    const [row]: Array<BucketRow & { active: string; last: Date | null }> =
      await this.dataSource.query(
        `SELECT '' AS bucket,
         (SELECT count(*) FROM ${this.t.sessions} WHERE telegram_id = $1 AND started_at >= $2 AND started_at < $3) AS sessions,
         (SELECT coalesce(sum(report_count), 0) FROM ${this.t.dailyTraffic} WHERE telegram_id = $1 AND day >= $2::date AND day < $3::date) AS reports,
         (SELECT coalesce(sum(sent_milli_mb), 0) FROM ${this.t.dailyTraffic} WHERE telegram_id = $1 AND day >= $2::date AND day < $3::date) AS sent,
         (SELECT coalesce(sum(credited_milli_mb), 0) FROM ${this.t.dailyEarnings} WHERE telegram_id = $1 AND day >= $2::date AND day < $3::date) AS sold,
         (SELECT coalesce(sum(earned_micro_usd), 0) FROM ${this.t.dailyEarnings} WHERE telegram_id = $1 AND day >= $2::date AND day < $3::date) AS profit,
         (SELECT round(sum(earned_micro_usd) * 1024000 / nullif(sum(credited_milli_mb), 0)) FROM ${this.t.dailyEarnings}
           WHERE telegram_id = $1 AND day >= $2::date AND day < $3::date) AS price,
         (SELECT count(*) FROM ${this.t.sessions} WHERE telegram_id = $1 AND status = 'active') AS active,
         (SELECT max(started_at) FROM ${this.t.sessions} WHERE telegram_id = $1) AS last`,
        [owner, from, to],
      );
    return row;
  }
}
