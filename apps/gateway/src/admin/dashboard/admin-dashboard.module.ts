import { Module } from '@nestjs/common';

import {
  DashboardAuth,
  DashboardFilter,
  DashboardLedger,
  DashboardTelemetry,
  DashboardPayout,
} from './admin-dashboard.clients';
import { AdminDashboardController } from './admin-dashboard.controller';
import { AdminDashboardService } from './admin-dashboard.service';

@Module({
  controllers: [AdminDashboardController],
  providers: [
    DashboardAuth.provider,
    DashboardLedger.provider,
    DashboardTelemetry.provider,
    DashboardFilter.provider,
    DashboardPayout.provider,
    AdminDashboardService,
  ],
})
export class AdminDashboardModule {}
