import { Controller } from '@nestjs/common';

import { ledger } from '@trafficshare/contracts';
import { GrpcMethods } from '@trafficshare/grpc';
import { callerOf } from '@trafficshare/identity';

import { LedgerAdminService } from './ledger-admin.service';

@Controller()
@GrpcMethods(ledger.LEDGER_SERVICE_NAME)
export class LedgerAdminGrpcController implements Pick<
  ledger.LedgerServiceController,
  'adjustBalance' | 'checkLedger'
> {
  constructor(private readonly admin: LedgerAdminService) {}

  adjustBalance(r: ledger.AdjustBalanceRequest): Promise<ledger.AdjustBalanceResponse> {
    return this.admin.adjust(callerOf(r.caller), r);
  }

  checkLedger(r: ledger.CheckLedgerRequest): Promise<ledger.CheckLedgerResponse> {
    return this.admin.check(callerOf(r.caller));
  }
}
