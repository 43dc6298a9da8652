import { Controller } from '@nestjs/common';

import type { telemetry } from '@trafficshare/contracts';
import { GrpcMethods } from '@trafficshare/grpc';

import { HistoryService } from './history.service';

@Controller()
@GrpcMethods('TelemetryService')
export class HistoryGrpcController implements Pick<
  telemetry.TelemetryServiceController,
  'listSessions' | 'getSessionsSummary' | 'reviewSession'
> {
  constructor(private readonly history: HistoryService) {}

  listSessions(req: telemetry.ListSessionsRequest): Promise<telemetry.ListSessionsResponse> {
    return this.history.list(req);
  }

  getSessionsSummary(
    req: telemetry.GetSessionsSummaryRequest,
  ): Promise<telemetry.GetSessionsSummaryResponse> {
    return this.history.summary(req.telegramId);
  }

  reviewSession(req: telemetry.ReviewSessionRequest): Promise<telemetry.ReviewSessionResponse> {
    return this.history.review(req.telegramId, req.sessionId);
  }
}
