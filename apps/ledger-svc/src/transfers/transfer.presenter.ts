import { ledgerNames, type ledger } from '@trafficshare/contracts';
import type { UserId } from '@trafficshare/identity';

import type { UserBalanceRow } from '../accounts/accounts.repository';
import type { TransferRow } from './transfers.repository';
import type { TransferOutcome } from './transfers.service';

export function transferProto(t: TransferRow): ledger.Transfer {
  return {
    transferId: t.id,
    telegramId: t.telegramId ?? 0,
    kind: ledgerNames.transferKind.toProto(t.kind),
    status: ledgerNames.transferStatus.toProto(t.status),
    amountMicroUsd: t.kind === 'withdraw' ? -t.amount : t.availableDelta,
    debitAccount: t.debitAccount,
    creditAccount: t.creditAccount,
    pendingId: t.pendingId ?? '',
    reference: t.reference,
    note: t.note,
    milliMb: t.milliMb,
    createdAt: t.createdAt.toISOString(),
  };
}

export function balanceProto(owner: UserId | 0, b: UserBalanceRow): ledger.Balance {
  return {
    telegramId: owner,
    availableMicroUsd: b.available,
    heldMicroUsd: b.held,
    updatedAt: b.updatedAt ? b.updatedAt.toISOString() : '',
  };
}

export function outcomeProto(o: TransferOutcome): {
  transfer: ledger.Transfer;
  duplicate: boolean;
  balance: ledger.Balance;
} {
  return {
    transfer: transferProto(o.transfer),
    duplicate: o.duplicate,
    balance: balanceProto(o.transfer.telegramId ?? 0, o.balance),
  };
}
