import { Injectable } from '@nestjs/common';

import type { ledger } from '@trafficshare/contracts';
import { requireRole, userId, type CallerInfo } from '@trafficshare/identity';

import { LedgerTransactions } from '../common/ledger-transactions';
import { outcomeProto } from '../transfers/transfer.presenter';
import { TransfersService } from '../transfers/transfers.service';
import { LedgerAdminErrorCode, LedgerAdminException } from './ledger-admin.exception';
import { LedgerAuditRepository } from './ledger-audit.repository';
import { LedgerCheckRepository } from './ledger-check.repository';

@Injectable()
export class LedgerAdminService {
  constructor(
    private readonly tx: LedgerTransactions,
    private readonly transfers: TransfersService,
    private readonly audit: LedgerAuditRepository,
    private readonly checks: LedgerCheckRepository,
  ) {}

  /** Manual add/deduct with a mandatory note; the audit row commits with the transfer. */
  adjust(
    caller: CallerInfo,
    r: ledger.AdjustBalanceRequest,
  ): Promise<ledger.AdjustBalanceResponse> {
    requireRole(caller, 'superadmin');
    const telegramId = userId(r.telegramId);
    const note = r.note.trim();
    if (note.length < 3 || note.length > 500) {
      throw new LedgerAdminException(
        LedgerAdminErrorCode.InvalidNote,
        'note is mandatory (3-500 characters)',
      );
    }
    return this.tx.run(async (t) => {
      const outcome = await this.transfers.adjustIn(t, {
        transferId: r.transferId,
        telegramId,
        amount: r.amountMicroUsd,
        note,
        reference: `admin:${caller.telegramId}`,
      });
      if (!outcome.duplicate) {
        await this.audit.add(t.manager, {
          actorId: caller.telegramId,
          targetId: telegramId,
          action: 'balance.adjust',
          details: {
            transfer_id: r.transferId,
            amount_micro_usd: r.amountMicroUsd,
            note,
            balance_after_micro_usd: outcome.balance.available,
          },
          ip: caller.ip,
        });
      }
      return outcomeProto(outcome);
    });
  }

  /** The invariants recomputed from one consistent snapshot (admins). */
  async check(caller: CallerInfo): Promise<ledger.CheckLedgerResponse> {
    // The ledger check is the superadmin's, as at the gateway (moderators: users, keys, withdrawals).
    requireRole(caller, 'superadmin');
    const c = await this.tx.run((t) => this.checks.check(t.manager), 'REPEATABLE READ');
    const balanced =
      c.totalMicro === 0 &&
      c.entriesSum === 0 &&
      c.negativeBalances === 0 &&
      c.unbalancedTransfers === 0 &&
      c.mismatchedAccounts === 0 &&
      c.heldMismatches === 0;
    return {
      balanced,
      negativeBalances: c.negativeBalances,
      totalMicroUsd: c.totalMicro,
      entriesSumMicroUsd: c.entriesSum,
      unbalancedTransfers: c.unbalancedTransfers,
      mismatchedAccounts: c.mismatchedAccounts,
      heldMismatches: c.heldMismatches,
      accounts: c.accounts,
      transfers: c.transfers,
      pendingHolds: c.pendingHolds,
      userAvailableMicroUsd: c.userAvailable,
      userHeldMicroUsd: c.userHeld,
      checkedAt: new Date().toISOString(),
    };
  }
}
