import { Controller } from '@nestjs/common';

import { telemetryInternal } from '@trafficshare/contracts';
import { GrpcMethods } from '@trafficshare/grpc';

import { ReconciliationService } from './reconciliation.service';

/** TelemetryInternalService: the ledger's reconciliation reads (every user's closed sessions). */
@Controller()
@GrpcMethods(telemetryInternal.TELEMETRY_INTERNAL_SERVICE_NAME)
export class ReconciliationInternalGrpcController implements Pick<
  telemetryInternal.TelemetryInternalServiceController,
  'listClosedSessions' | 'getSessionReports'
> {
  constructor(private readonly reconciliation: ReconciliationService) {}

  listClosedSessions(
    req: telemetryInternal.ListClosedSessionsRequest,
  ): Promise<telemetryInternal.ListClosedSessionsResponse> {
    return this.reconciliation.closed(req);
  }

  getSessionReports(
    req: telemetryInternal.GetSessionReportsRequest,
  ): Promise<telemetryInternal.GetSessionReportsResponse> {
    return this.reconciliation.reportsOf(req.sessionId);
  }
}
