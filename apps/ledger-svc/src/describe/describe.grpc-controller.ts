import { Controller } from '@nestjs/common';

import { ledger } from '@trafficshare/contracts';
import { ServiceInfoService } from '@trafficshare/service-kit';

@Controller()
@ledger.LedgerServiceControllerMethods()
export class DescribeGrpcController implements Pick<ledger.LedgerServiceController, 'describe'> {
  constructor(private readonly info: ServiceInfoService) {}

  describe(): Promise<ledger.DescribeResponse> {
    return this.info.describe();
  }
}
