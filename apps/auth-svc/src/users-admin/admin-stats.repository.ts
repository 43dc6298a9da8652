import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';

import type { ExportCursor, ExportPageQuery } from '@trafficshare/grpc';
import { DATA_SOURCE } from '@trafficshare/service-kit';

import { UserEntity } from '../users/user.entity';

export interface AuthTotals {
  readonly users: number;
  readonly banned: number;
  readonly activeApiKeys: number;
  readonly relayedBytes: number;
}

export interface AuthDayRow {
  readonly date: string;
  readonly newUsers: number;
  readonly activeUsers: number;
}

/** Platform-wide counts for the admin console (users, login history, API keys). */
@Injectable()
export class AuthAdminStatsRepository {
  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  async totals(): Promise<AuthTotals> {
    const [row] = await this.ds.query<Array<Record<string, string>>>(`
      SELECT (SELECT count(*) FROM users) AS users,
             (SELECT count(*) FROM users WHERE banned) AS banned,
             (SELECT count(*) FROM api_keys WHERE status = 'active' AND expiry_date > now()) AS active_keys,
             (SELECT coalesce(sum(relayed_bytes), 0) FROM api_keys) AS relayed`);
    return {
      users: Number(row.users),
      banned: Number(row.banned),
      activeApiKeys: Number(row.active_keys),
      relayedBytes: Number(row.relayed),
    };
  }

  /** One row per UTC day of [from, to] (inclusive), oldest first, empty days included. */
  async days(from: string, to: string): Promise<AuthDayRow[]> {
    const rows = await this.ds.query<Array<Record<string, string>>>(
      `WITH g AS (SELECT generate_series($1::date, $2::date, interval '1 day')::date AS day),
            u AS (SELECT (created_at AT TIME ZONE 'UTC')::date AS day, count(*) AS n FROM users
                  WHERE created_at >= $1::date AT TIME ZONE 'UTC' AND created_at < ($2::date + 1) AT TIME ZONE 'UTC'
                  GROUP BY 1),
            l AS (SELECT (created_at AT TIME ZONE 'UTC')::date AS day, count(DISTINCT telegram_id) AS n FROM login_sessions
                  WHERE created_at >= $1::date AT TIME ZONE 'UTC' AND created_at < ($2::date + 1) AT TIME ZONE 'UTC'
                  GROUP BY 1)
       SELECT to_char(g.day, 'YYYY-MM-DD') AS day, coalesce(u.n, 0) AS new_users, coalesce(l.n, 0) AS active
       FROM g LEFT JOIN u USING (day) LEFT JOIN l USING (day) ORDER BY g.day`,
      [from, to],
    );
    return rows.map((r) => ({
      date: r.day,
      newUsers: Number(r.new_users),
      activeUsers: Number(r.active),
    }));
  }

  /** One keyset page of the users created in [from, to), oldest first (index IDX_users_created_id). */
  async exportPage(q: ExportPageQuery): Promise<Array<{ user: UserEntity; cursor: ExportCursor }>> {
    const qb = this.ds.manager
      .createQueryBuilder(UserEntity, 'u')
      .addSelect(
        `to_char(u.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
        'cursor_at',
      )
      .where('u.created_at >= :from AND u.created_at < :to', { from: q.from, to: q.to })
      .orderBy('u.created_at', 'ASC')
      .addOrderBy('u.telegram_id', 'ASC')
      .limit(q.limit);
    if (q.after) {
      qb.andWhere('(u.created_at, u.telegram_id) > (:at::timestamptz, :id::bigint)', {
        at: q.after.at,
        id: q.after.id,
      });
    }
    const { entities, raw } = await qb.getRawAndEntities<{ cursor_at: string }>();
    return entities.map((user, i) => ({
      user,
      cursor: { at: raw[i].cursor_at, id: String(user.telegramId) },
    }));
  }
}
