import { Controller } from '@nestjs/common';

import { auth } from '@trafficshare/contracts';
import { ServiceInfoService } from '@trafficshare/service-kit';

@Controller()
@auth.AuthServiceControllerMethods()
export class DescribeGrpcController implements Pick<auth.AuthServiceController, 'describe'> {
  constructor(private readonly info: ServiceInfoService) {}

  describe(): Promise<auth.DescribeResponse> {
    return this.info.describe();
  }
}
