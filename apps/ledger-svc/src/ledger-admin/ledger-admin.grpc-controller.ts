import { Controller } from '@nestjs/common';

import { ledger } from '@trafficshare/contracts';
import { GrpcMethods } from '@trafficshare/grpc';

import { callerOf } from '../common/caller';
import { LedgerAdminService } from './ledger-admin.service';

@Controller()
@GrpcMethods('LedgerService')
export class LedgerAdminGrpcController implements Pick<
  ledger.LedgerServiceController,
  'adjustBalance' | 'checkLedger'
> {
  constructor(private readonly admin: LedgerAdminService) {}

  adjustBalance(r: ledger.AdjustBalanceRequest): Promise<ledger.AdjustBalanceResponse> {
    return this.admin.adjust(callerOf(r.caller), r);
  }

  checkLedger(): Promise<ledger.CheckLedgerResponse> {
    return this.admin.check();
  }
}
