import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import { LedgerSql } from '../common/ledger-sql';

export interface LedgerCheck {
  readonly totalMicro: number;
  readonly entriesSum: number;
  readonly negativeBalances: number;
  readonly unbalancedTransfers: number;
  readonly mismatchedAccounts: number;
  readonly heldMismatches: number;
  readonly accounts: number;
  readonly transfers: number;
  readonly pendingHolds: number;
  readonly userAvailable: number;
  readonly userHeld: number;
}

/** Recomputes the invariants from the ledger's rows (one repeatable-read snapshot). */
@Injectable()
export class LedgerCheckRepository {
  constructor(private readonly sql: LedgerSql) {}

  async check(m: EntityManager): Promise<LedgerCheck> {
    const a = this.sql.t('accounts');
    const e = this.sql.t('entries');
    const t = this.sql.t('transfers');
    const [row] = await m.query<Array<Record<string, string>>>(`
      WITH sums AS (SELECT account_id, sum(amount) AS s FROM ${e} GROUP BY account_id),
           per_transfer AS (SELECT transfer_id, sum(amount) AS s, count(*) AS n FROM ${e} GROUP BY transfer_id),
           holds AS (SELECT telegram_id, sum(amount) AS s FROM ${t} WHERE kind = 'withdraw' AND status = 'pending' GROUP BY telegram_id)
      SELECT
        (SELECT coalesce(sum(balance), 0) FROM ${a}) AS total,
        (SELECT coalesce(sum(amount), 0) FROM ${e}) AS entries_sum,
        (SELECT count(*) FROM ${a} WHERE kind IN ('user_available', 'user_held') AND balance < 0) AS negative,
        (SELECT count(*) FROM ${t} x LEFT JOIN per_transfer p ON p.transfer_id = x.id
           WHERE p.transfer_id IS NULL OR p.s <> 0 OR p.n <> 2) AS unbalanced,
        (SELECT count(*) FROM ${a} x LEFT JOIN sums s ON s.account_id = x.id WHERE x.balance <> coalesce(s.s, 0)) AS mismatched,
        (SELECT count(*) FROM ${a} x LEFT JOIN holds h ON h.telegram_id = x.telegram_id
           WHERE x.kind = 'user_held' AND x.balance <> coalesce(h.s, 0)) AS held_mismatch,
        (SELECT count(*) FROM ${a}) AS accounts,
        (SELECT count(*) FROM ${t}) AS transfers,
        (SELECT count(*) FROM ${t} WHERE kind = 'withdraw' AND status = 'pending') AS pending,
        (SELECT coalesce(sum(balance), 0) FROM ${a} WHERE kind = 'user_available') AS user_available,
        (SELECT coalesce(sum(balance), 0) FROM ${a} WHERE kind = 'user_held') AS user_held
    `);
    return {
      totalMicro: Number(row.total),
      entriesSum: Number(row.entries_sum),
      negativeBalances: Number(row.negative),
      unbalancedTransfers: Number(row.unbalanced),
      mismatchedAccounts: Number(row.mismatched),
      heldMismatches: Number(row.held_mismatch),
      accounts: Number(row.accounts),
      transfers: Number(row.transfers),
      pendingHolds: Number(row.pending),
      userAvailable: Number(row.user_available),
      userHeld: Number(row.user_held),
    };
  }
}
