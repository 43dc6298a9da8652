import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';

import type { ledger } from '@trafficshare/contracts';
import { DATA_SOURCE } from '@trafficshare/service-kit';

import { requireRole, requireTelegramId, type CallerInfo } from '../common/caller';
import { LedgerRequestCode, LedgerRequestException } from '../common/request.exception';
import { outcomeProto } from '../transfers/transfer.presenter';
import { TransfersService } from '../transfers/transfers.service';
import { LedgerAuditRepository } from './ledger-audit.repository';
import { LedgerCheckRepository } from './ledger-check.repository';

@Injectable()
export class LedgerAdminService {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
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
    const telegramId = requireTelegramId(r.telegramId);
    const note = r.note.trim();
    if (note.length < 3 || note.length > 500) {
      throw new LedgerRequestException(
        LedgerRequestCode.InvalidArgument,
        'note is mandatory (3-500 characters)',
      );
    }
    return this.ds.transaction(async (m) => {
      const outcome = await this.transfers.adjust(m, {
        transferId: r.transferId,
        telegramId,
        amount: r.amountMicroUsd,
        note,
        reference: `admin:${caller.telegramId}`,
      });
      if (!outcome.duplicate) {
        await this.audit.add(m, {
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

  async check(): Promise<ledger.CheckLedgerResponse> {
    const c = await this.ds.transaction('REPEATABLE READ', (m) => this.checks.check(m));
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
