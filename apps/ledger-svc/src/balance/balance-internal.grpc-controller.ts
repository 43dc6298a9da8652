import { Controller } from '@nestjs/common';

import { ledgerInternal } from '@trafficshare/contracts';
import { GrpcMethods } from '@trafficshare/grpc';
import { userId } from '@trafficshare/identity';

import { BalanceService } from './balance.service';

/** LedgerInternalService: balance reads services make for a user they act for. */
@Controller()
@GrpcMethods(ledgerInternal.LEDGER_INTERNAL_SERVICE_NAME)
export class BalanceInternalGrpcController implements Pick<
  ledgerInternal.LedgerInternalServiceController,
  'getBalance'
> {
  constructor(private readonly balances: BalanceService) {}

  async getBalance(
    r: ledgerInternal.GetBalanceRequest,
  ): Promise<ledgerInternal.GetBalanceResponse> {
    return { balance: await this.balances.balance(userId(r.telegramId)) };
  }
}
