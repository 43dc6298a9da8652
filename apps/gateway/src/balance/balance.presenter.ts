import { ledgerNames, type ledger } from '@trafficshare/contracts';
import type { UserId } from '@trafficshare/identity';

import { convert, mb, usd } from '../common/units';
import type {
  BalanceChangeJson,
  BalanceJson,
  RefreshedBalanceJson,
  TransactionJson,
} from './balance.contract';

/** The ledger's transfer status as a transaction status (pending, completed, failed: a withdraw's states). */
const STATUS: Record<string, TransactionJson['status']> = {
  pending: 'pending',
  posted: 'completed',
  voided: 'failed',
};

/** A ledger transfer as a transaction row (balance page, transactions, admin views). */
export function transactionJson(t: ledger.Transfer): TransactionJson {
  const kind = ledgerNames.transferKind.toNameOr(t.kind, '');
  const status = ledgerNames.transferStatus.toNameOr(t.status, '');
  return {
    id: t.transferId,
    type: kind,
    amount_usd: usd(t.amountMicroUsd),
    status: kind === 'withdraw' ? (STATUS[status] ?? status) : 'completed',
    mb: t.milliMb ? mb(t.milliMb) : null,
    reference: t.reference || null,
    note: t.note || null,
    created_at: t.createdAt,
  };
}

/** A user's balance summary (balance page). */
export function balanceJson(telegramId: UserId, s: ledger.GetBalanceSummaryResponse): BalanceJson {
  const available = s.balance?.availableMicroUsd ?? 0;
  const held = s.balance?.heldMicroUsd ?? 0;
  // The ledger sees only counted MB, and pays all of them: sent and used are the MB credited.
  const credited = mb(s.stats?.totalMilliMb ?? 0);
  return {
    telegram_id: telegramId,
    balance: {
      usd: usd(available),
      usdt_equivalent: usd(convert(available, s.usdToUsdtRate)),
      held_usd: usd(held),
      pending_usd: usd(held),
      sent_mb: credited,
      used_mb: credited,
      last_refreshed: s.lastRefreshed || null,
    },
    today_earn: usd(s.stats?.todayMicroUsd ?? 0),
    month_earn: usd(s.stats?.monthMicroUsd ?? 0),
    transactions: s.recent.map(transactionJson),
  };
}

export function refreshedJson(res: ledger.RefreshBalanceResponse): RefreshedBalanceJson {
  return {
    new_balance_usd: usd(res.balance?.availableMicroUsd ?? 0),
    held_usd: usd(res.balance?.heldMicroUsd ?? 0),
    delta: usd(res.deltaMicroUsd),
    last_refreshed: res.lastRefreshed,
  };
}

export function balanceChangeJson(c: ledger.BalanceChange): BalanceChangeJson {
  return {
    transfer_id: c.transferId,
    type: ledgerNames.transferKind.toNameOr(c.kind, ''),
    reason: c.reason,
    delta_usd: usd(c.deltaMicroUsd),
    previous_balance: usd(c.balanceBeforeMicroUsd),
    new_balance: usd(c.balanceAfterMicroUsd),
    created_at: c.createdAt,
  };
}
