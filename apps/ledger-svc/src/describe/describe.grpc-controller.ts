import { Controller } from '@nestjs/common';

import { ledger } from '@trafficshare/contracts';
import { GrpcMethods } from '@trafficshare/grpc';
import { ServiceInfoService } from '@trafficshare/service-kit';

@Controller()
@GrpcMethods(ledger.LEDGER_SERVICE_NAME)
export class DescribeGrpcController implements Pick<ledger.LedgerServiceController, 'describe'> {
  constructor(private readonly info: ServiceInfoService) {}

  describe(): Promise<ledger.DescribeResponse> {
    return this.info.describe();
  }
}
