import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';

import type { UserId } from '@trafficshare/identity';
import { DATA_SOURCE, SERVICE_CONTEXT, type ServiceContext } from '@trafficshare/service-kit';

export interface EarningsTotal {
  readonly telegramId: UserId;
  readonly amountMicroUsd: number;
  /** The period before (weekly reports compare); 0 when none. */
  readonly previousMicroUsd: number;
}

export interface DueSession {
  readonly sessionId: string;
  readonly telegramId: UserId;
  readonly totalMilliMb: number;
  readonly summarizedMilliMb: number;
  readonly summarizedAt: Date;
  readonly summaries: number;
}

/** notify-svc's own copies of other services' facts for scheduled notifications: earnings and
 *  referral credits per day (from IncomesCredited / ReferralRewarded), finished report periods,
 *  running sessions (from telemetry's session events). */
@Injectable()
export class TriggerStore {
  private readonly s: string;

  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(SERVICE_CONTEXT) ctx: ServiceContext,
  ) {
    this.s = `"${ctx.schema}"`;
  }

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(work);
  }

  /** Adds credits to their owners' days (rows: owner, UTC day, micro-USD, milli-MB). */
  async addEarnings(
    m: EntityManager,
    rows: readonly { telegramId: UserId; day: string; amount: number; milliMb: number }[],
  ): Promise<void> {
    if (rows.length === 0) return;
    await m.query(
      `INSERT INTO ${this.s}."earnings_days" (telegram_id, day, amount_micro_usd, milli_mb)
       SELECT telegram_id, day, sum(amount), sum(milli) FROM unnest($1::bigint[], $2::date[], $3::bigint[], $4::bigint[])
         AS e(telegram_id, day, amount, milli) GROUP BY telegram_id, day
       ON CONFLICT (telegram_id, day) DO UPDATE SET
         amount_micro_usd = earnings_days.amount_micro_usd + EXCLUDED.amount_micro_usd,
         milli_mb = earnings_days.milli_mb + EXCLUDED.milli_mb`,
      [
        rows.map((r) => r.telegramId),
        rows.map((r) => r.day),
        rows.map((r) => r.amount),
        rows.map((r) => r.milliMb),
      ],
    );
  }

  /** Owners with earnings in [from, to), with the sum of [previousFrom, from) too, a page at a
   *  time by owner. */
  async earningsPage(
    from: string,
    to: string,
    previousFrom: string,
    after: number,
    limit: number,
  ): Promise<EarningsTotal[]> {
    const rows: { telegram_id: string; amount: string; previous: string | null }[] =
      await this.ds.query(
        `SELECT telegram_id,
           sum(amount_micro_usd) FILTER (WHERE day >= $1) AS amount,
           sum(amount_micro_usd) FILTER (WHERE day < $1) AS previous
         FROM ${this.s}."earnings_days"
         WHERE day >= $3 AND day < $2 AND telegram_id > $4
         GROUP BY telegram_id HAVING sum(amount_micro_usd) FILTER (WHERE day >= $1) > 0
         ORDER BY telegram_id LIMIT $5`,
        [from, to, previousFrom, after, limit],
      );
    return rows.map((r) => ({
      telegramId: Number(r.telegram_id) as UserId,
      amountMicroUsd: Number(r.amount),
      previousMicroUsd: Number(r.previous ?? 0),
    }));
  }

  async pruneEarnings(before: string): Promise<number> {
    const [, affected] = await this.ds.query<[unknown, number]>(
      `DELETE FROM ${this.s}."earnings_days" WHERE day < $1`,
      [before],
    );
    return affected;
  }

  async reportDone(kind: string, period: string): Promise<boolean> {
    const rows: unknown[] = await this.ds.query(
      `SELECT 1 FROM ${this.s}."report_runs" WHERE kind = $1 AND period = $2`,
      [kind, period],
    );
    return rows.length > 0;
  }

  async markReport(kind: string, period: string, recipients: number, at: Date): Promise<void> {
    await this.ds.query(
      `INSERT INTO ${this.s}."report_runs" (kind, period, recipients, completed_at)
       VALUES ($1, $2, $3, $4) ON CONFLICT (kind, period) DO NOTHING`,
      [kind, period, recipients, at],
    );
  }

  /** Adds to an owner's referral credits of a day; resolves with the day's new total. */
  async addReferral(m: EntityManager, owner: UserId, day: string, amount: number): Promise<number> {
    const [row]: { amount_micro_usd: string }[] = await m.query(
      `INSERT INTO ${this.s}."referral_days" (telegram_id, day, amount_micro_usd) VALUES ($1, $2, $3)
       ON CONFLICT (telegram_id, day) DO UPDATE SET
         amount_micro_usd = referral_days.amount_micro_usd + EXCLUDED.amount_micro_usd
       RETURNING amount_micro_usd`,
      [owner, day, amount],
    );
    return Number(row.amount_micro_usd);
  }

  async sessionStarted(
    m: EntityManager,
    session: { sessionId: string; telegramId: UserId; at: Date },
  ): Promise<void> {
    await m.query(
      `INSERT INTO ${this.s}."live_sessions" (session_id, telegram_id, started_at, summarized_at)
       VALUES ($1, $2, $3, $3)
       ON CONFLICT (session_id) DO UPDATE SET started_at = LEAST(live_sessions.started_at, EXCLUDED.started_at)`,
      [session.sessionId, session.telegramId, session.at],
    );
  }

  /** Adds reported traffic to sessions (a session seen first here starts at its first report). */
  async addTraffic(
    m: EntityManager,
    rows: readonly { sessionId: string; telegramId: UserId; milliMb: number; at: Date }[],
  ): Promise<void> {
    if (rows.length === 0) return;
    await m.query(
      `INSERT INTO ${this.s}."live_sessions" (session_id, telegram_id, started_at, summarized_at, total_milli_mb)
       SELECT session_id, min(telegram_id), min(at), min(at), sum(milli)
       FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::timestamptz[]) AS r(session_id, telegram_id, milli, at)
       GROUP BY session_id
       ON CONFLICT (session_id) DO UPDATE SET
         total_milli_mb = live_sessions.total_milli_mb + EXCLUDED.total_milli_mb`,
      [
        rows.map((r) => r.sessionId),
        rows.map((r) => r.telegramId),
        rows.map((r) => r.milliMb),
        rows.map((r) => r.at),
      ],
    );
  }

  async sessionStopped(
    m: EntityManager,
    session: { sessionId: string; telegramId: UserId; at: Date },
  ): Promise<void> {
    await m.query(
      `INSERT INTO ${this.s}."live_sessions" (session_id, telegram_id, started_at, summarized_at, stopped_at)
       VALUES ($1, $2, $3, $3, $3)
       ON CONFLICT (session_id) DO UPDATE SET stopped_at = EXCLUDED.stopped_at`,
      [session.sessionId, session.telegramId, session.at],
    );
  }

  /** Running sessions whose last summary is older than `before`, with new traffic since; locked
   *  for this replica (others skip them). */
  async claimDueSessions(m: EntityManager, before: Date, limit: number): Promise<DueSession[]> {
    const rows: {
      session_id: string;
      telegram_id: string;
      total_milli_mb: string;
      summarized_milli_mb: string;
      summarized_at: Date;
      summaries: number;
    }[] = await m.query(
      `SELECT session_id, telegram_id, total_milli_mb, summarized_milli_mb, summarized_at, summaries
       FROM ${this.s}."live_sessions"
       WHERE stopped_at IS NULL AND summarized_at <= $1 AND total_milli_mb > summarized_milli_mb
       ORDER BY summarized_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [before, limit],
    );
    return rows.map((r) => ({
      sessionId: r.session_id,
      telegramId: Number(r.telegram_id) as UserId,
      totalMilliMb: Number(r.total_milli_mb),
      summarizedMilliMb: Number(r.summarized_milli_mb),
      summarizedAt: new Date(r.summarized_at),
      summaries: r.summaries,
    }));
  }

  async markSummarized(
    m: EntityManager,
    rows: readonly { sessionId: string; totalMilliMb: number }[],
    at: Date,
  ): Promise<void> {
    if (rows.length === 0) return;
    await m.query(
      `UPDATE ${this.s}."live_sessions" l SET summarized_at = $3, summarized_milli_mb = u.total,
         summaries = l.summaries + 1
       FROM unnest($1::text[], $2::bigint[]) AS u(session_id, total) WHERE l.session_id = u.session_id`,
      [rows.map((r) => r.sessionId), rows.map((r) => r.totalMilliMb), at],
    );
  }

  /** Stopped sessions (and ones silent for a day) are forgotten. */
  async pruneSessions(before: Date): Promise<number> {
    const [, affected] = await this.ds.query<[unknown, number]>(
      `DELETE FROM ${this.s}."live_sessions" WHERE (stopped_at IS NOT NULL AND stopped_at < $1)
         OR (stopped_at IS NULL AND summarized_at < $1 - interval '1 day')`,
      [before],
    );
    return affected;
  }
}
