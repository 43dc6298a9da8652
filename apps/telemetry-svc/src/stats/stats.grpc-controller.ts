import { Controller } from '@nestjs/common';

import type { telemetry } from '@trafficshare/contracts';
import { GrpcMethods } from '@trafficshare/grpc';

import { StatsService } from './stats.service';

@Controller()
@GrpcMethods('TelemetryService')
export class StatsGrpcController implements Pick<
  telemetry.TelemetryServiceController,
  'getStats' | 'getStatsSummary' | 'getRates'
> {
  constructor(private readonly stats: StatsService) {}

  getStats(req: telemetry.GetStatsRequest): Promise<telemetry.GetStatsResponse> {
    return this.stats.stats(req);
  }

  getStatsSummary(
    req: telemetry.GetStatsSummaryRequest,
  ): Promise<telemetry.GetStatsSummaryResponse> {
    return this.stats.summary(req.telegramId);
  }

  getRates(req: telemetry.GetRatesRequest): Promise<telemetry.GetRatesResponse> {
    return this.stats.rates(req.days);
  }
}
