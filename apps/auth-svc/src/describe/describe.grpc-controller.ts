import { Controller } from '@nestjs/common';

import { auth } from '@trafficshare/contracts';
import { GrpcMethods } from '@trafficshare/grpc';
import { ServiceInfoService } from '@trafficshare/service-kit';

@Controller()
@GrpcMethods(auth.AUTH_SERVICE_NAME)
export class DescribeGrpcController implements Pick<auth.AuthServiceController, 'describe'> {
  constructor(private readonly info: ServiceInfoService) {}

  describe(): Promise<auth.DescribeResponse> {
    return this.info.describe();
  }
}
