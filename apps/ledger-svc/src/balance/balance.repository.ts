import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import { LedgerSql } from '../common/ledger-sql';

export interface EarningsRow {
  readonly today: number;
  readonly week: number;
  readonly month: number;
  readonly todayMilliMb: number;
  readonly weekMilliMb: number;
  readonly totalMilliMb: number;
}

export interface HistoryRow {
  readonly transferId: string;
  readonly kind: string;
  readonly note: string;
  readonly reference: string;
  readonly amount: number;
  readonly balanceAfter: number;
  readonly createdAt: Date;
}

/** Reads of one user's money; every query takes the owner's telegram id. */
@Injectable()
export class BalanceRepository {
  constructor(private readonly sql: LedgerSql) {}

  async earnings(
    m: EntityManager,
    telegramId: number,
    today: string,
    weekFrom: string,
    monthFrom: string,
  ): Promise<EarningsRow> {
    const rows: Array<Record<string, string | null>> = await m.query(
      `SELECT
         coalesce(sum(earned) FILTER (WHERE day = $2::date), 0) AS today,
         coalesce(sum(earned) FILTER (WHERE day >= $3::date), 0) AS week,
         coalesce(sum(earned) FILTER (WHERE day >= $4::date), 0) AS month,
         coalesce(sum(milli_mb) FILTER (WHERE day = $2::date), 0) AS today_mb,
         coalesce(sum(milli_mb) FILTER (WHERE day >= $3::date), 0) AS week_mb,
         coalesce(sum(milli_mb), 0) AS total_mb
       FROM ${this.sql.t('user_daily_earnings')} WHERE telegram_id = $1`,
      [telegramId, today, weekFrom, monthFrom],
    );
    const r = rows[0] ?? {};
    return {
      today: Number(r.today ?? 0),
      week: Number(r.week ?? 0),
      month: Number(r.month ?? 0),
      todayMilliMb: Number(r.today_mb ?? 0),
      weekMilliMb: Number(r.week_mb ?? 0),
      totalMilliMb: Number(r.total_mb ?? 0),
    };
  }

  /** Changes of the user's available balance, newest first. */
  async history(
    m: EntityManager,
    telegramId: number,
    limit: number,
    offset: number,
  ): Promise<{ rows: HistoryRow[]; total: number }> {
    const account = `SELECT id FROM ${this.sql.t('accounts')} WHERE telegram_id = $1 AND kind = 'user_available'`;
    const rows: Array<{
      transfer_id: string;
      kind: string;
      note: string;
      reference: string;
      amount: string;
      balance_after: string;
      created_at: Date;
    }> = await m.query(
      `SELECT e.transfer_id, t.kind, t.note, t.reference, e.amount, e.balance_after, e.created_at
         FROM ${this.sql.t('entries')} e JOIN ${this.sql.t('transfers')} t ON t.id = e.transfer_id
         WHERE e.account_id = (${account}) ORDER BY e.id DESC LIMIT $2 OFFSET $3`,
      [telegramId, limit, offset],
    );
    const count: Array<{ n: string }> = await m.query(
      `SELECT count(*) AS n FROM ${this.sql.t('entries')} WHERE account_id = (${account})`,
      [telegramId],
    );
    return {
      rows: rows.map((r) => ({
        transferId: r.transfer_id,
        kind: r.kind,
        note: r.note,
        reference: r.reference,
        amount: Number(r.amount),
        balanceAfter: Number(r.balance_after),
        createdAt: r.created_at,
      })),
      total: Number(count[0]?.n ?? 0),
    };
  }

  async lastRefresh(m: EntityManager, telegramId: number): Promise<Date | null> {
    const rows: Array<{ refreshed_at: Date }> = await m.query(
      `SELECT refreshed_at FROM ${this.sql.t('balance_refreshes')} WHERE telegram_id = $1`,
      [telegramId],
    );
    return rows[0]?.refreshed_at ?? null;
  }

  /** Stores the balance seen now; resolves with the one seen at the previous refresh. */
  async recordRefresh(
    m: EntityManager,
    telegramId: number,
    balance: number,
  ): Promise<{ previous: number | null; at: Date }> {
    const prev: Array<{ balance: string }> = await m.query(
      `SELECT balance FROM ${this.sql.t('balance_refreshes')} WHERE telegram_id = $1 FOR UPDATE`,
      [telegramId],
    );
    const rows: Array<{ refreshed_at: Date }> = await m.query(
      `INSERT INTO ${this.sql.t('balance_refreshes')} (telegram_id, balance, refreshed_at) VALUES ($1, $2, now())
       ON CONFLICT (telegram_id) DO UPDATE SET balance = EXCLUDED.balance, refreshed_at = EXCLUDED.refreshed_at
       RETURNING refreshed_at`,
      [telegramId, balance],
    );
    return { previous: prev[0] ? Number(prev[0].balance) : null, at: rows[0].refreshed_at };
  }
}
