import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';

import { DATA_SOURCE } from '@trafficshare/service-kit';

import { LedgerSql } from '../common/ledger-sql';
import {
  toTransferRow,
  type JsonTransfer,
  type TransferRow,
} from '../transfers/transfers.repository';

export interface LedgerDayRow {
  readonly date: string;
  readonly incomeMicro: number;
  readonly incomeMilliMb: number;
  readonly incomeUsers: number;
  readonly bonusMicro: number;
  readonly withdrawnMicro: number;
  readonly withdrawals: number;
}

export interface LedgerTotals {
  readonly userAvailable: number;
  readonly userHeld: number;
  readonly pendingHolds: number;
}

/** Keyset position of an export page: the last row's created_at (microseconds, UTC) and id. */
export interface ExportCursor {
  readonly at: string;
  readonly id: string;
}

/** Platform-wide reads for the admin console: totals, per-day series, export pages. */
@Injectable()
export class LedgerReportsRepository {
  constructor(
    private readonly sql: LedgerSql,
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
  ) {}

  /**
   * Every transfer moves one amount from one account to another and accounts open at zero, so
   * the balances of all accounts sum to 0 (CheckLedger verifies it from the rows): the users'
   * available total is minus the platform accounts and the held balances, both read through
   * small partial indexes instead of a scan of every user's accounts.
   */
  async totals(): Promise<LedgerTotals> {
    const [row] = await this.ds.query<Array<Record<string, string>>>(`
      SELECT
        (SELECT coalesce(sum(balance), 0) FROM ${this.sql.t('accounts')} WHERE telegram_id IS NULL) AS platform,
        (SELECT coalesce(sum(balance), 0) FROM ${this.sql.t('accounts')} WHERE kind = 'user_held' AND balance <> 0) AS held,
        (SELECT count(*) FROM ${this.sql.t('transfers')} WHERE kind = 'withdraw' AND status = 'pending') AS pending`);
    const held = Number(row.held);
    return {
      userAvailable: -Number(row.platform) - held,
      userHeld: held,
      pendingHolds: Number(row.pending),
    };
  }

  /** One row per UTC day of [from, to] (dates, inclusive), oldest first, empty days included. */
  async days(from: string, to: string): Promise<LedgerDayRow[]> {
    const rows = await this.ds.query<Array<Record<string, string>>>(
      `WITH g AS (SELECT generate_series($1::date, $2::date, interval '1 day')::date AS day),
            t AS (SELECT (created_at AT TIME ZONE 'UTC')::date AS day,
                         sum(amount) FILTER (WHERE kind = 'income') AS income,
                         sum(milli_mb) FILTER (WHERE kind = 'income') AS income_mb,
                         count(DISTINCT telegram_id) FILTER (WHERE kind = 'income') AS income_users,
                         sum(amount) FILTER (WHERE kind = 'bonus') AS bonus,
                         sum(amount) FILTER (WHERE kind = 'withdraw_post') AS withdrawn,
                         count(*) FILTER (WHERE kind = 'withdraw_post') AS withdrawals
                  FROM ${this.sql.t('transfers')}
                  WHERE created_at >= $1::date AT TIME ZONE 'UTC'
                    AND created_at < ($2::date + 1) AT TIME ZONE 'UTC'
                  GROUP BY 1)
       SELECT to_char(g.day, 'YYYY-MM-DD') AS day, coalesce(income, 0) AS income, coalesce(income_mb, 0) AS income_mb,
              coalesce(income_users, 0) AS income_users, coalesce(bonus, 0) AS bonus,
              coalesce(withdrawn, 0) AS withdrawn, coalesce(withdrawals, 0) AS withdrawals
       FROM g LEFT JOIN t USING (day) ORDER BY g.day`,
      [from, to],
    );
    return rows.map((r) => ({
      date: r.day,
      incomeMicro: Number(r.income),
      incomeMilliMb: Number(r.income_mb),
      incomeUsers: Number(r.income_users),
      bonusMicro: Number(r.bonus),
      withdrawnMicro: Number(r.withdrawn),
      withdrawals: Number(r.withdrawals),
    }));
  }

  /**
   * Up to `limit` transactions created in [from, to) after the cursor, ordered by (created_at,
   * id): a keyset page (IDX_transfers_created_id), so the cost of a page does not grow with
   * its position. The cursor carries created_at with its microseconds (a JS Date would drop
   * them and skip or repeat rows).
   */
  async exportPage(
    from: Date,
    to: Date,
    after: ExportCursor | undefined,
    limit: number,
  ): Promise<Array<{ row: TransferRow; cursor: ExportCursor }>> {
    const params: unknown[] = [from, to, limit];
    let keyset = '';
    if (after) {
      params.push(after.at, after.id);
      keyset = 'AND (t.created_at, t.id) > ($4::timestamptz, $5)';
    }
    const rows = await this.ds.query<Array<JsonTransfer & { cursor_at: string }>>(
      `SELECT t.id, t.kind, t.status, t.telegram_id, t.debit_account_id, t.credit_account_id, t.amount, t.pending_id,
              t.reference, t.note, t.milli_mb, t.created_at,
              to_char(t.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_at,
              da.code AS debit_code, da.kind AS debit_kind, ca.code AS credit_code, ca.kind AS credit_kind
       FROM ${this.sql.t('transfers')} t
       JOIN ${this.sql.t('accounts')} da ON da.id = t.debit_account_id
       JOIN ${this.sql.t('accounts')} ca ON ca.id = t.credit_account_id
       WHERE t.created_at >= $1 AND t.created_at < $2 ${keyset}
       ORDER BY t.created_at, t.id
       LIMIT $3`,
      params,
    );
    return rows.map((r) => ({ row: toTransferRow(r), cursor: { at: r.cursor_at, id: r.id } }));
  }
}
