import { Controller } from '@nestjs/common';

import { ledger } from '@trafficshare/contracts';
import { GrpcMethods } from '@trafficshare/grpc';

import { BalanceService } from './balance.service';

@Controller()
@GrpcMethods('LedgerService')
export class BalanceGrpcController implements Pick<
  ledger.LedgerServiceController,
  'getBalance' | 'getBalanceSummary' | 'refreshBalance' | 'listTransactions' | 'getBalanceHistory'
> {
  constructor(private readonly balances: BalanceService) {}

  async getBalance(r: ledger.GetBalanceRequest): Promise<ledger.GetBalanceResponse> {
    return { balance: await this.balances.balance(r.telegramId) };
  }

  getBalanceSummary(r: ledger.GetBalanceSummaryRequest): Promise<ledger.GetBalanceSummaryResponse> {
    return this.balances.summary(r.telegramId, r.recentLimit);
  }

  refreshBalance(r: ledger.RefreshBalanceRequest): Promise<ledger.RefreshBalanceResponse> {
    return this.balances.refresh(r.telegramId);
  }

  listTransactions(r: ledger.ListTransactionsRequest): Promise<ledger.ListTransactionsResponse> {
    return this.balances.transactions(r.telegramId, r.limit, r.offset);
  }

  getBalanceHistory(r: ledger.GetBalanceHistoryRequest): Promise<ledger.GetBalanceHistoryResponse> {
    return this.balances.history(r.telegramId, r.limit, r.offset);
  }
}
