import { Controller } from '@nestjs/common';

import type { telemetry } from '@trafficshare/contracts';
import { GrpcMethods } from '@trafficshare/grpc';

import { ReportsService } from './reports.service';

@Controller()
@GrpcMethods('TelemetryService')
export class ReportsGrpcController implements Pick<
  telemetry.TelemetryServiceController,
  'ingestReports'
> {
  constructor(private readonly reports: ReportsService) {}

  async ingestReports(
    req: telemetry.IngestReportsRequest,
  ): Promise<telemetry.IngestReportsResponse> {
    return { results: await this.reports.ingest(req.reports) };
  }
}
