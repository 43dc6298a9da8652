import { Controller } from '@nestjs/common';

import { ledger } from '@trafficshare/contracts';
import { GrpcMethods } from '@trafficshare/grpc';
import { callerOf } from '@trafficshare/identity';

import { LedgerReportsService } from './ledger-reports.service';

@Controller()
@GrpcMethods(ledger.LEDGER_SERVICE_NAME)
export class LedgerReportsGrpcController implements Pick<
  ledger.LedgerServiceController,
  'getAdminStats' | 'exportTransactions'
> {
  constructor(private readonly reports: LedgerReportsService) {}

  getAdminStats(r: ledger.GetAdminStatsRequest): Promise<ledger.GetAdminStatsResponse> {
    return this.reports.stats(callerOf(r.caller), r.days);
  }

  exportTransactions(
    r: ledger.ExportTransactionsRequest,
  ): Promise<ledger.ExportTransactionsResponse> {
    return this.reports.exportPage(callerOf(r.caller), r);
  }
}
