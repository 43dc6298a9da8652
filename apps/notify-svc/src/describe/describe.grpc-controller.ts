import { Controller } from '@nestjs/common';

import { notify } from '@trafficshare/contracts';
import { ServiceInfoService } from '@trafficshare/service-kit';

@Controller()
@notify.NotifyServiceControllerMethods()
export class DescribeGrpcController implements Pick<notify.NotifyServiceController, 'describe'> {
  constructor(private readonly info: ServiceInfoService) {}

  describe(): Promise<notify.DescribeResponse> {
    return this.info.describe();
  }
}
