import { Controller } from '@nestjs/common';

import { telemetry } from '@trafficshare/contracts';
import { GrpcMethods } from '@trafficshare/grpc';
import { callerOf, subjectOf } from '@trafficshare/identity';

import { HistoryService } from './history.service';

@Controller()
@GrpcMethods(telemetry.TELEMETRY_SERVICE_NAME)
export class HistoryGrpcController implements Pick<
  telemetry.TelemetryServiceController,
  'listSessions' | 'getSessionsSummary' | 'reviewSession'
> {
  constructor(private readonly history: HistoryService) {}

  listSessions(req: telemetry.ListSessionsRequest): Promise<telemetry.ListSessionsResponse> {
    return this.history.list(subjectOf(callerOf(req.caller), req.telegramId), req);
  }

  getSessionsSummary(
    req: telemetry.GetSessionsSummaryRequest,
  ): Promise<telemetry.GetSessionsSummaryResponse> {
    return this.history.summary(subjectOf(callerOf(req.caller), req.telegramId));
  }

  reviewSession(req: telemetry.ReviewSessionRequest): Promise<telemetry.ReviewSessionResponse> {
    return this.history.review(subjectOf(callerOf(req.caller), req.telegramId), req.sessionId);
  }
}
