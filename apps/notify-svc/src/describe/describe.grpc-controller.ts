import { Controller } from '@nestjs/common';

import { notify } from '@trafficshare/contracts';
import { GrpcMethods } from '@trafficshare/grpc';
import { ServiceInfoService } from '@trafficshare/service-kit';

@Controller()
@GrpcMethods('NotifyService')
export class DescribeGrpcController implements Pick<notify.NotifyServiceController, 'describe'> {
  constructor(private readonly info: ServiceInfoService) {}

  describe(): Promise<notify.DescribeResponse> {
    return this.info.describe();
  }
}
