import { Controller } from '@nestjs/common';

import { filter } from '@trafficshare/contracts';
import { GrpcMethods } from '@trafficshare/grpc';
import { ServiceInfoService } from '@trafficshare/service-kit';

@Controller()
@GrpcMethods(filter.FILTER_SERVICE_NAME)
export class DescribeGrpcController implements Pick<filter.FilterServiceController, 'describe'> {
  constructor(private readonly info: ServiceInfoService) {}

  describe(): Promise<filter.DescribeResponse> {
    return this.info.describe();
  }
}
