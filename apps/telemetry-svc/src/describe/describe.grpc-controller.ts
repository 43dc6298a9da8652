import { Controller } from '@nestjs/common';

import { telemetry } from '@trafficshare/contracts';
import { GrpcMethods } from '@trafficshare/grpc';
import { ServiceInfoService } from '@trafficshare/service-kit';

@Controller()
@GrpcMethods(telemetry.TELEMETRY_SERVICE_NAME)
export class DescribeGrpcController implements Pick<
  telemetry.TelemetryServiceController,
  'describe'
> {
  constructor(private readonly info: ServiceInfoService) {}

  describe(): Promise<telemetry.DescribeResponse> {
    return this.info.describe();
  }
}
