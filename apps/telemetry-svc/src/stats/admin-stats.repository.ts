import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';

import type { ExportCursor, ExportPageQuery } from '@trafficshare/grpc';
import { DATA_SOURCE, SERVICE_CONTEXT, type ServiceContext } from '@trafficshare/service-kit';

import { tablesOf, type Tables } from '../common/tables';

export interface SessionExportDbRow {
  readonly id: string;
  readonly telegram_id: string;
  readonly device_id: string;
  readonly status: string;
  readonly started_at: string;
  readonly ended_at: string | null;
  readonly duration_s: string;
  readonly server_counted_milli_mb: string;
  readonly ip_address: string;
  readonly country: string;
  readonly network_type: string;
  readonly app_version: string;
  readonly stop_reason: string;
  readonly cursor_at: string;
}

export interface TrafficDayRow {
  readonly date: string;
  readonly sentMilliMb: number;
  readonly sessions: number;
  readonly activeUsers: number;
}

/** Platform-wide traffic for the admin console (every user's rows, admins only). */
@Injectable()
export class AdminStatsRepository {
  private readonly t: Tables;

  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(SERVICE_CONTEXT) ctx: ServiceContext,
  ) {
    this.t = tablesOf(ctx.schema);
  }

  async active(): Promise<{ sessions: number; users: number }> {
    const [row] = await this.dataSource.query<Array<{ sessions: string; users: string }>>(
      `SELECT count(*) AS sessions, count(DISTINCT telegram_id) AS users
       FROM ${this.t.sessions} WHERE status = 'active'`,
    );
    return { sessions: Number(row.sessions), users: Number(row.users) };
  }

  /** One row per UTC day of [from, to] (inclusive), oldest first, empty days included. */
  async days(from: string, to: string): Promise<TrafficDayRow[]> {
    const rows = await this.dataSource.query<Array<Record<string, string>>>(
      `WITH g AS (SELECT generate_series($1::date, $2::date, interval '1 day')::date AS day),
            t AS (SELECT day, sum(sent_milli_mb) AS sent, count(DISTINCT telegram_id) FILTER (WHERE sent_milli_mb > 0) AS users
                  FROM ${this.t.dailyTraffic} WHERE day >= $1::date AND day <= $2::date GROUP BY day),
            s AS (SELECT (started_at AT TIME ZONE 'UTC')::date AS day, count(*) AS sessions
                  FROM ${this.t.sessions}
                  WHERE started_at >= $1::date AT TIME ZONE 'UTC' AND started_at < ($2::date + 1) AT TIME ZONE 'UTC'
                  GROUP BY 1)
       SELECT to_char(g.day, 'YYYY-MM-DD') AS day, coalesce(t.sent, 0) AS sent, coalesce(t.users, 0) AS users,
              coalesce(s.sessions, 0) AS sessions
       FROM g LEFT JOIN t USING (day) LEFT JOIN s USING (day) ORDER BY g.day`,
      [from, to],
    );
    return rows.map((r) => ({
      date: r.day,
      sentMilliMb: Number(r.sent),
      sessions: Number(r.sessions),
      activeUsers: Number(r.users),
    }));
  }

  /** One keyset page of the sessions started in [from, to), oldest first. */
  async exportPage(
    q: ExportPageQuery,
  ): Promise<Array<{ row: SessionExportDbRow; cursor: ExportCursor }>> {
    const params: unknown[] = [q.from, q.to, q.limit];
    let keyset = '';
    if (q.after) {
      params.push(q.after.at, q.after.id);
      keyset = 'AND (started_at, id) > ($4::timestamptz, $5::uuid)';
    }
    const iso = (c: string) => `to_char(${c} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
    const rows = await this.dataSource.query<SessionExportDbRow[]>(
      `SELECT id, telegram_id, device_id, status, ${iso('started_at')} AS started_at,
              ${iso('ended_at')} AS ended_at,
              coalesce(duration_s, extract(epoch FROM (coalesce(ended_at, now()) - started_at))::bigint) AS duration_s,
              server_counted_milli_mb, ip_address, country, network_type, app_version, stop_reason,
              to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_at
       FROM ${this.t.sessions}
       WHERE started_at >= $1 AND started_at < $2 ${keyset}
       ORDER BY started_at, id
       LIMIT $3`,
      params,
    );
    return rows.map((row) => ({ row, cursor: { at: row.cursor_at, id: row.id } }));
  }
}
