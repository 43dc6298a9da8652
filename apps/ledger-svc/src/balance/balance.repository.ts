import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';

import { preparedQuery } from '@trafficshare/database';
import type { UserId } from '@trafficshare/identity';
import { DATA_SOURCE } from '@trafficshare/service-kit';

import {
  AccountsRepository,
  toUserBalance,
  type UserAccountRow,
  type UserBalanceRow,
} from '../accounts/accounts.repository';
import { LedgerSql } from '../common/ledger-sql';
import type { TransferKind } from '../transfers/transfer.entity';
import type { Page } from '../common/page';
import {
  toTransferRow,
  TransfersRepository,
  type JsonTransfer,
  type TransferRow,
} from '../transfers/transfers.repository';

/** Sums of a user's daily earnings: $1 telegram id, $2 today, $3 first day of the week, $4 of the month. */
const EARNINGS_SQL = (table: string): string => `SELECT
    coalesce(sum(earned) FILTER (WHERE day = $2::date), 0)::text AS today,
    coalesce(sum(earned) FILTER (WHERE day >= $3::date), 0)::text AS week,
    coalesce(sum(earned) FILTER (WHERE day >= $4::date), 0)::text AS month,
    coalesce(sum(milli_mb) FILTER (WHERE day = $2::date), 0)::text AS today_mb,
    coalesce(sum(milli_mb) FILTER (WHERE day >= $3::date), 0)::text AS week_mb,
    coalesce(sum(milli_mb), 0)::text AS total_mb
  FROM ${table} WHERE telegram_id = $1`;

export interface EarningsRow {
  readonly today: number;
  readonly week: number;
  readonly month: number;
  readonly todayMilliMb: number;
  readonly weekMilliMb: number;
  readonly totalMilliMb: number;
}

export interface BalanceSummaryRow {
  readonly balance: UserBalanceRow;
  readonly earnings: EarningsRow;
  /** Newest first. */
  readonly recent: TransferRow[];
  readonly lastRefresh: Date | null;
}

export interface HistoryRow {
  readonly transferId: string;
  readonly kind: TransferKind;
  readonly note: string;
  readonly reference: string;
  readonly amount: number;
  readonly balanceAfter: number;
  readonly createdAt: Date;
}

/** Reads of one user's money; every query takes the owner first. */
@Injectable()
export class BalanceRepository {
  constructor(
    private readonly sql: LedgerSql,
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly accounts: AccountsRepository,
    private readonly transfers: TransfersRepository,
  ) {}

  /**
   * Everything the balance page shows, in ONE prepared statement (one round trip): the
   * account rows, earnings of today / the last 7 days / this month, the newest `recent` transfers
   * and the last refresh. Each part is one of the reads below, as JSON.
   */
  async summary(
    owner: UserId,
    days: { readonly today: string; readonly weekFrom: string; readonly monthFrom: string },
    recent: number,
  ): Promise<BalanceSummaryRow> {
    const rows: Array<{
      accounts: UserAccountRow[] | null;
      earnings: Record<string, string | null>;
      recent: JsonTransfer[] | null;
      refreshed_at: Date | null;
    }> = await preparedQuery(
      this.ds,
      // A named statement (planned once per connection): the name carries the schema it reads.
      `ledger_balance_summary_v1_${this.sql.schema}`,
      `SELECT
         (SELECT json_agg(a) FROM (${this.accounts.userAccountsSql()}) a) AS accounts,
         (SELECT row_to_json(e) FROM (${EARNINGS_SQL(this.sql.t('user_daily_earnings'))}) e) AS earnings,
         (SELECT json_agg(r ORDER BY r.created_at DESC, r.id DESC)
            FROM (${this.transfers.userTransfersSql('LIMIT $5')}) r) AS recent,
         (SELECT refreshed_at FROM ${this.sql.t('balance_refreshes')} WHERE telegram_id = $1) AS refreshed_at`,
      [owner, days.today, days.weekFrom, days.monthFrom, recent],
    );
    const r = rows[0];
    const e = r.earnings;
    return {
      balance: toUserBalance(r.accounts ?? []),
      earnings: {
        today: Number(e.today ?? 0),
        week: Number(e.week ?? 0),
        month: Number(e.month ?? 0),
        todayMilliMb: Number(e.today_mb ?? 0),
        weekMilliMb: Number(e.week_mb ?? 0),
        totalMilliMb: Number(e.total_mb ?? 0),
      },
      recent: (r.recent ?? []).map(toTransferRow),
      lastRefresh: r.refreshed_at,
    };
  }

  /** Changes of the user's available balance, newest first. */
  async history(owner: UserId, page: Page): Promise<{ rows: HistoryRow[]; total: number }> {
    const m = this.ds.manager;
    const account = `SELECT id FROM ${this.sql.t('accounts')} WHERE telegram_id = $1 AND kind = 'user_available'`;
    const rows: Array<{
      transfer_id: string;
      kind: TransferKind;
      note: string;
      reference: string;
      amount: string;
      balance_after: string;
      created_at: Date;
    }> = await m.query(
      `SELECT e.transfer_id, t.kind, t.note, t.reference, e.amount, e.balance_after, e.created_at
         FROM ${this.sql.t('entries')} e JOIN ${this.sql.t('transfers')} t ON t.id = e.transfer_id
         WHERE e.account_id = (${account}) ORDER BY e.id DESC LIMIT $2 OFFSET $3`,
      [owner, page.limit, page.offset],
    );
    const count: Array<{ n: string }> = await m.query(
      `SELECT count(*) AS n FROM ${this.sql.t('entries')} WHERE account_id = (${account})`,
      [owner],
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

  /** Stores the balance seen now; resolves with the one seen at the previous refresh. */
  async recordRefresh(
    m: EntityManager,
    owner: UserId,
    balance: number,
  ): Promise<{ previous: number | null; at: Date }> {
    const prev: Array<{ balance: string }> = await m.query(
      `SELECT balance FROM ${this.sql.t('balance_refreshes')} WHERE telegram_id = $1 FOR UPDATE`,
      [owner],
    );
    const rows: Array<{ refreshed_at: Date }> = await m.query(
      `INSERT INTO ${this.sql.t('balance_refreshes')} (telegram_id, balance, refreshed_at) VALUES ($1, $2, now())
       ON CONFLICT (telegram_id) DO UPDATE SET balance = EXCLUDED.balance, refreshed_at = EXCLUDED.refreshed_at
       RETURNING refreshed_at`,
      [owner, balance],
    );
    return { previous: prev[0] ? Number(prev[0].balance) : null, at: rows[0].refreshed_at };
  }
}
