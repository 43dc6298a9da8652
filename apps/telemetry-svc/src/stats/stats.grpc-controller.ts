import { Controller } from '@nestjs/common';

import { telemetry } from '@trafficshare/contracts';
import { GrpcMethods } from '@trafficshare/grpc';
import { callerOf, subjectOf } from '@trafficshare/identity';

import { StatsService } from './stats.service';

@Controller()
@GrpcMethods(telemetry.TELEMETRY_SERVICE_NAME)
export class StatsGrpcController implements Pick<
  telemetry.TelemetryServiceController,
  'getStats' | 'getStatsSummary' | 'getRates'
> {
  constructor(private readonly stats: StatsService) {}

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
}
