import { Controller } from '@nestjs/common';

import { payout } from '@trafficshare/contracts';
import { GrpcMethods } from '@trafficshare/grpc';
import { ServiceInfoService } from '@trafficshare/service-kit';

@Controller()
@GrpcMethods('PayoutService')
export class DescribeGrpcController implements Pick<payout.PayoutServiceController, 'describe'> {
  constructor(private readonly info: ServiceInfoService) {}

  describe(): Promise<payout.DescribeResponse> {
    return this.info.describe();
  }
}
