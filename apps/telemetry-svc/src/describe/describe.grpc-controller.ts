import { Controller } from '@nestjs/common';

import { telemetry } from '@trafficshare/contracts';
import { ServiceInfoService } from '@trafficshare/service-kit';

@Controller()
@telemetry.TelemetryServiceControllerMethods()
export class DescribeGrpcController implements Pick<telemetry.TelemetryServiceController, 'describe'> {
  constructor(private readonly info: ServiceInfoService) {}

  describe(): Promise<telemetry.DescribeResponse> {
    return this.info.describe();
  }
}
