import { Controller } from '@nestjs/common';

import { telemetry } from '@trafficshare/contracts';
import { GrpcMethods } from '@trafficshare/grpc';
import { callerOf, subjectOf } from '@trafficshare/identity';

import { AdminStatsService } from './admin-stats.service';
import { StatsService } from './stats.service';

@Controller()
@GrpcMethods(telemetry.TELEMETRY_SERVICE_NAME)
export class StatsGrpcController implements Pick<
  telemetry.TelemetryServiceController,
  'getStats' | 'getStatsSummary' | 'getRates' | 'getAdminStats' | 'exportSessions'
> {
  constructor(
    private readonly stats: StatsService,
    private readonly adminStats: AdminStatsService,
  ) {}

  getStats(req: telemetry.GetStatsRequest): Promise<telemetry.GetStatsResponse> {
    return this.stats.stats(subjectOf(callerOf(req.caller), req.telegramId), req);
  }

  getStatsSummary(
    req: telemetry.GetStatsSummaryRequest,
  ): Promise<telemetry.GetStatsSummaryResponse> {
    return this.stats.summary(subjectOf(callerOf(req.caller), req.telegramId));
  }

  /** Prices seen in the ledger's credits: market data, no user's. */
  getRates(req: telemetry.GetRatesRequest): Promise<telemetry.GetRatesResponse> {
    return this.stats.rates(req.days);
  }

  /** Every user's traffic in total (admins; checked in the service). */
  getAdminStats(req: telemetry.GetAdminStatsRequest): Promise<telemetry.GetAdminStatsResponse> {
    return this.adminStats.stats(callerOf(req.caller), req.days);
  }

  /** Every user's sessions, page by page (admins; checked in the service). */
  exportSessions(req: telemetry.ExportSessionsRequest): Promise<telemetry.ExportSessionsResponse> {
    return this.adminStats.exportSessions(callerOf(req.caller), req);
  }
}
