import { Controller } from '@nestjs/common';

import { telemetry } from '@trafficshare/contracts';
import { GrpcMethods } from '@trafficshare/grpc';

import { toIncoming, toResultProto } from './incoming-report';
import { ReportsService } from './reports.service';

@Controller()
@GrpcMethods(telemetry.TELEMETRY_SERVICE_NAME)
export class ReportsGrpcController implements Pick<
  telemetry.TelemetryServiceController,
  'ingestReports'
> {
  constructor(private readonly reports: ReportsService) {}

  async ingestReports(
    req: telemetry.IngestReportsRequest,
  ): Promise<telemetry.IngestReportsResponse> {
    const results = await this.reports.ingest(req.reports.map(toIncoming));
    return { results: results.map(toResultProto) };
  }
}
