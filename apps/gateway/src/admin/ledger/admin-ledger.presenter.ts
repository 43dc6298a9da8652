import type { ledger } from '@trafficshare/contracts';

import { transactionJson } from '../../balance/balance.presenter';
import { usd } from '../../common/units';
import type { AdjustedJson, LedgerCheckJson } from './admin-ledger.contract';

export function adjustedJson(res: ledger.AdjustBalanceResponse): AdjustedJson {
  return {
    transaction: res.transfer ? transactionJson(res.transfer) : null,
    duplicate: res.duplicate,
    new_balance_usd: usd(res.balance?.availableMicroUsd ?? 0),
  };
}

export function ledgerCheckJson(c: ledger.CheckLedgerResponse): LedgerCheckJson {
  return {
    balanced: c.balanced,
    negative_balances: c.negativeBalances,
    total_usd: usd(c.totalMicroUsd),
    entries_sum_usd: usd(c.entriesSumMicroUsd),
    unbalanced_transfers: c.unbalancedTransfers,
    mismatched_accounts: c.mismatchedAccounts,
    held_mismatches: c.heldMismatches,
    accounts: c.accounts,
    transfers: c.transfers,
    pending_holds: c.pendingHolds,
    user_available_usd: usd(c.userAvailableMicroUsd),
    user_held_usd: usd(c.userHeldMicroUsd),
    checked_at: c.checkedAt,
  };
}
