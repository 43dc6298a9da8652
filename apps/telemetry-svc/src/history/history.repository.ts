import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';

import { userId, type UserId } from '@trafficshare/identity';
import { DATA_SOURCE, SERVICE_CONTEXT, type ServiceContext } from '@trafficshare/service-kit';

import { SESSION_COLUMNS, type SessionRow } from '../common/session-row';
import { tablesOf, type Tables } from '../common/tables';

export interface SessionFilter {
  readonly from?: Date;
  readonly to?: Date;
  readonly status?: string;
}

export interface PeriodSums {
  sessions: number;
  milliMb: number;
  microUsd: number | null;
}

/** Read side of the session history; every query is scoped to one owner. */
@Injectable()
export class HistoryRepository {
  private readonly t: Tables;

  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(SERVICE_CONTEXT) ctx: ServiceContext,
  ) {
    this.t = tablesOf(ctx.schema);
  }

  async list(
    owner: UserId,
    f: SessionFilter,
    limit: number,
    offset: number,
  ): Promise<{ rows: SessionRow[]; total: number }> {
    const rows: Array<SessionRow & { total: string }> = await this.dataSource.query(
      `SELECT ${SESSION_COLUMNS}, count(*) OVER () AS total FROM ${this.t.sessions}
       WHERE telegram_id = $1 AND ($2::timestamptz IS NULL OR started_at >= $2) AND ($3::timestamptz IS NULL OR started_at < $3)
         AND ($4::text IS NULL OR status = $4)
       ORDER BY started_at DESC, id DESC LIMIT $5 OFFSET $6`,
      [owner, f.from ?? null, f.to ?? null, f.status || null, limit, offset],
    );
    if (rows.length > 0 || offset === 0)
      return { rows, total: rows.length ? Number(rows[0].total) : 0 };
    const [{ n }]: Array<{ n: string }> = await this.dataSource.query(
      `SELECT count(*) AS n FROM ${this.t.sessions} WHERE telegram_id = $1 AND ($2::timestamptz IS NULL OR started_at >= $2)
         AND ($3::timestamptz IS NULL OR started_at < $3) AND ($4::text IS NULL OR status = $4)`,
      [owner, f.from ?? null, f.to ?? null, f.status || null],
    );
    return { rows, total: Number(n) };
  }

  /** Sessions started, MB counted and money credited since `since` (UTC). */
  async sums(owner: UserId, since: Date): Promise<PeriodSums> {
    const [row]: Array<{
      sessions: string;
      mb: string | null;
      usd: string | null;
      credited: string;
    }> = await this.dataSource.query(
      `SELECT (SELECT count(*) FROM ${this.t.sessions} WHERE telegram_id = $1 AND started_at >= $2) AS sessions,
              (SELECT sum(sent_milli_mb) FROM ${this.t.dailyTraffic} WHERE telegram_id = $1 AND day >= $2::date) AS mb,
              (SELECT sum(earned_micro_usd) FROM ${this.t.dailyEarnings} WHERE telegram_id = $1 AND day >= $2::date) AS usd,
              (SELECT count(*) FROM ${this.t.dailyEarnings} WHERE telegram_id = $1) AS credited`,
      [owner, since],
    );
    return {
      sessions: Number(row.sessions),
      milliMb: Number(row.mb ?? 0),
      microUsd: row.usd !== null ? Number(row.usd) : Number(row.credited) > 0 ? 0 : null,
    };
  }

  async averages(
    owner: UserId,
    since: Date,
  ): Promise<{ milliMb: number; microUsd: number | null; active: number }> {
    const [row]: Array<{ mb: string | null; usd: string | null; active: string }> =
      await this.dataSource.query(
        `SELECT (SELECT avg(server_counted_milli_mb) FROM ${this.t.sessions} WHERE telegram_id = $1 AND status <> 'active' AND started_at >= $2) AS mb,
              (SELECT avg(earned_micro_usd) FROM ${this.t.sessions} WHERE telegram_id = $1 AND status <> 'active' AND started_at >= $2 AND earned_micro_usd IS NOT NULL) AS usd,
              (SELECT count(*) FROM ${this.t.sessions} WHERE telegram_id = $1 AND status = 'active') AS active`,
        [owner, since],
      );
    return {
      milliMb: Math.round(Number(row.mb ?? 0)),
      microUsd: row.usd === null ? null : Math.round(Number(row.usd)),
      active: Number(row.active),
    };
  }

  async saveReview(owner: UserId, sessionId: string, score: number, at: Date): Promise<void> {
    await this.dataSource.query(
      `UPDATE ${this.t.sessions} SET quality_score = $3, reviewed_at = $4 WHERE id = $1 AND telegram_id = $2`,
      [sessionId, owner, score, at],
    );
  }

  /** Closed sessions by closing time for the ledger's reconciliation (not user-scoped: internal). */
  async closedForReconciliation(
    from: Date,
    to: Date,
    after: string,
    limit: number,
  ): Promise<SessionRow[]> {
    return this.dataSource.query(
      `SELECT ${SESSION_COLUMNS} FROM ${this.t.sessions} s
       WHERE status <> 'active' AND ended_at >= $1 AND ended_at < $2
         AND ($3::uuid IS NULL OR (ended_at, id) > (SELECT ended_at, id FROM ${this.t.sessions} WHERE id = $3))
       ORDER BY ended_at, id LIMIT $4`,
      [from, to, after || null, limit],
    );
  }

  /** Who owns a session (the reconciliation reads of TelemetryInternalService). */
  async ownerOf(sessionId: string): Promise<UserId | undefined> {
    const rows: Array<{ telegram_id: string }> = await this.dataSource.query(
      `SELECT telegram_id FROM ${this.t.sessions} WHERE id = $1`,
      [sessionId],
    );
    return rows[0] ? userId(Number(rows[0].telegram_id)) : undefined;
  }
}
