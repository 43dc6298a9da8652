import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';

import { userId, type UserId } from '@trafficshare/identity';
import { DATA_SOURCE } from '@trafficshare/service-kit';

import { LedgerSql } from '../common/ledger-sql';
import type { PricedReport, UserCredit } from './income-calculator';

const key = (sessionId: string, seq: number): string => `${sessionId}\u0000${seq}`;

/** credited_reports, remainders and daily earnings: the income side of the ledger. */
@Injectable()
export class IncomeRepository {
  constructor(
    private readonly sql: LedgerSql,
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
  ) {}

  /**
   * Claims reports for crediting; resolves with the keys that were not credited before. Sorted
   * inserts keep concurrent claimers (replicas, reconciliation) from deadlocking.
   */
  async claim(
    m: EntityManager,
    reports: readonly PricedReport[],
    transferOf: ReadonlyMap<UserId, string>,
    source: string,
  ): Promise<Set<string>> {
    if (reports.length === 0) return new Set();
    const sorted = [...reports].sort((a, b) =>
      a.sessionId < b.sessionId ? -1 : a.sessionId > b.sessionId ? 1 : a.seq - b.seq,
    );
    const rows: Array<{ session_id: string; seq: string }> = await m.query(
      `INSERT INTO ${this.sql.t('credited_reports')} (session_id, seq, telegram_id, milli_mb, price_per_gb, counted_at, transfer_id, source)
       SELECT s, q, u, mb, p, c, t, $8 FROM unnest($1::varchar[], $2::bigint[], $3::bigint[], $4::bigint[], $5::bigint[], $6::timestamptz[], $7::varchar[])
         AS x(s, q, u, mb, p, c, t)
       ON CONFLICT (session_id, seq) DO NOTHING
       RETURNING session_id, seq`,
      [
        sorted.map((r) => r.sessionId),
        sorted.map((r) => r.seq),
        sorted.map((r) => r.telegramId),
        sorted.map((r) => r.milliMb),
        sorted.map((r) => r.pricePerGb),
        sorted.map((r) => r.countedAt.toISOString()),
        sorted.map((r) => transferOf.get(r.telegramId) ?? null),
        source,
      ],
    );
    return new Set(rows.map((r) => key(r.session_id, Number(r.seq))));
  }

  static key = key;

  /** Locks (creating at zero) each user's remainder row, in id order. */
  async lockRemainders(m: EntityManager, owners: readonly UserId[]): Promise<Map<UserId, number>> {
    const ids = [...new Set(owners)].sort((a, b) => a - b);
    // Existing rows are only locked here (no new row version); the update comes once, later.
    await m.query(
      `INSERT INTO ${this.sql.t('income_remainders')} (telegram_id, remainder) SELECT u, 0 FROM unnest($1::bigint[]) AS u ORDER BY u ON CONFLICT DO NOTHING`,
      [ids],
    );
    const rows: Array<{ telegram_id: string; remainder: string }> = await m.query(
      `SELECT telegram_id, remainder FROM ${this.sql.t('income_remainders')} WHERE telegram_id = ANY($1::bigint[]) ORDER BY telegram_id FOR UPDATE`,
      [ids],
    );
    return new Map(rows.map((r) => [userId(Number(r.telegram_id)), Number(r.remainder)]));
  }

  async saveRemainders(m: EntityManager, credits: readonly UserCredit[]): Promise<void> {
    if (credits.length === 0) return;
    await m.query(
      `UPDATE ${this.sql.t('income_remainders')} r SET remainder = x.rem
       FROM unnest($1::bigint[], $2::bigint[]) AS x(u, rem) WHERE r.telegram_id = x.u`,
      [credits.map((c) => c.telegramId), credits.map((c) => c.remainder)],
    );
  }

  /** Reports whose value stayed in the remainder carry no transfer (a later credit carries it). */
  async detachTransfers(m: EntityManager, transferIds: readonly string[]): Promise<void> {
    if (transferIds.length === 0) return;
    await m.query(
      `UPDATE ${this.sql.t('credited_reports')} SET transfer_id = NULL WHERE transfer_id = ANY($1::varchar[])`,
      [transferIds],
    );
  }

  async addDailyEarnings(m: EntityManager, credits: readonly UserCredit[]): Promise<void> {
    const users: number[] = [];
    const days: string[] = [];
    const mbs: number[] = [];
    const earned: number[] = [];
    for (const c of credits) {
      for (const [day, v] of c.byDay) {
        users.push(c.telegramId);
        days.push(day);
        mbs.push(v.milliMb);
        earned.push(v.earned);
      }
    }
    if (users.length === 0) return;
    await m.query(
      `INSERT INTO ${this.sql.t('user_daily_earnings')} AS e (telegram_id, day, milli_mb, earned)
       SELECT u, d, mb, er FROM unnest($1::bigint[], $2::date[], $3::bigint[], $4::bigint[]) AS x(u, d, mb, er) ORDER BY u, d
       ON CONFLICT (telegram_id, day) DO UPDATE SET milli_mb = e.milli_mb + EXCLUDED.milli_mb, earned = e.earned + EXCLUDED.earned`,
      [users, days, mbs, earned],
    );
  }

  /** Credited MB and count per session (reconciliation; every user's sessions). */
  async creditedBySession(
    sessionIds: readonly string[],
  ): Promise<Map<string, { milliMb: number; count: number }>> {
    if (sessionIds.length === 0) return new Map();
    const rows: Array<{ session_id: string; mb: string; n: string }> = await this.ds.query(
      `SELECT session_id, sum(milli_mb) AS mb, count(*) AS n FROM ${this.sql.t('credited_reports')}
       WHERE session_id = ANY($1::varchar[]) GROUP BY session_id`,
      [[...sessionIds]],
    );
    return new Map(rows.map((r) => [r.session_id, { milliMb: Number(r.mb), count: Number(r.n) }]));
  }
}
