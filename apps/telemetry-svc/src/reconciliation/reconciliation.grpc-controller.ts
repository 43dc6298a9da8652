import { Controller } from '@nestjs/common';

import type { telemetry } from '@trafficshare/contracts';
import { GrpcMethods } from '@trafficshare/grpc';

import { ReconciliationService } from './reconciliation.service';

@Controller()
@GrpcMethods('TelemetryService')
export class ReconciliationGrpcController implements Pick<
  telemetry.TelemetryServiceController,
  'listClosedSessions' | 'getSessionReports'
> {
  constructor(private readonly reconciliation: ReconciliationService) {}

  listClosedSessions(
    req: telemetry.ListClosedSessionsRequest,
  ): Promise<telemetry.ListClosedSessionsResponse> {
    return this.reconciliation.closed(req);
  }

  getSessionReports(
    req: telemetry.GetSessionReportsRequest,
  ): Promise<telemetry.GetSessionReportsResponse> {
    return this.reconciliation.reportsOf(req.sessionId);
  }
}
