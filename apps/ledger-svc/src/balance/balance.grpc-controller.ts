import { Controller } from '@nestjs/common';

import { ledger } from '@trafficshare/contracts';
import { GrpcMethods } from '@trafficshare/grpc';
import { callerOf, subjectOf } from '@trafficshare/identity';

import { BalanceService } from './balance.service';

@Controller()
@GrpcMethods(ledger.LEDGER_SERVICE_NAME)
export class BalanceGrpcController implements Pick<
  ledger.LedgerServiceController,
  'getBalanceSummary' | 'refreshBalance' | 'listTransactions' | 'getBalanceHistory'
> {
  constructor(private readonly balances: BalanceService) {}

  getBalanceSummary(r: ledger.GetBalanceSummaryRequest): Promise<ledger.GetBalanceSummaryResponse> {
    return this.balances.summary(subjectOf(callerOf(r.caller), r.telegramId), r.recentLimit);
  }

  refreshBalance(r: ledger.RefreshBalanceRequest): Promise<ledger.RefreshBalanceResponse> {
    return this.balances.refresh(callerOf(r.caller).telegramId);
  }

  listTransactions(r: ledger.ListTransactionsRequest): Promise<ledger.ListTransactionsResponse> {
    return this.balances.transactions(
      subjectOf(callerOf(r.caller), r.telegramId),
      r.limit,
      r.offset,
    );
  }

  getBalanceHistory(r: ledger.GetBalanceHistoryRequest): Promise<ledger.GetBalanceHistoryResponse> {
    return this.balances.history(subjectOf(callerOf(r.caller), r.telegramId), r.limit, r.offset);
  }
}
