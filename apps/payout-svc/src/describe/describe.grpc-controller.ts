import { Controller } from '@nestjs/common';

import { payout } from '@trafficshare/contracts';
import { ServiceInfoService } from '@trafficshare/service-kit';

@Controller()
@payout.PayoutServiceControllerMethods()
export class DescribeGrpcController implements Pick<payout.PayoutServiceController, 'describe'> {
  constructor(private readonly info: ServiceInfoService) {}

  describe(): Promise<payout.DescribeResponse> {
    return this.info.describe();
  }
}
