import { Controller } from '@nestjs/common';

import type { auth } from '@trafficshare/contracts';
import { ServiceInfoService } from '@trafficshare/service-kit';

import { AuthGrpcMethods } from '../common/grpc-methods';

@Controller()
@AuthGrpcMethods('describe')
export class DescribeGrpcController implements Pick<auth.AuthServiceController, 'describe'> {
  constructor(private readonly info: ServiceInfoService) {}

  describe(): Promise<auth.DescribeResponse> {
    return this.info.describe();
  }
}
