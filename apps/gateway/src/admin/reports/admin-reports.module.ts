import { Module } from '@nestjs/common';

import { AdminReportsController } from './admin-reports.controller';
import {
  ReportSources,
  ReportsAuth,
  ReportsLedger,
  ReportsPayout,
  ReportsTelemetry,
} from './report-sources';

@Module({
  controllers: [AdminReportsController],
  providers: [
    ReportsLedger.provider,
    ReportsAuth.provider,
    ReportsTelemetry.provider,
    ReportsPayout.provider,
    ReportSources,
  ],
})
export class AdminReportsModule {}
