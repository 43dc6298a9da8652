import { Module } from '@nestjs/common';

import { AdminAuditModule } from './audit/admin-audit.module';
import { AdminDashboardModule } from './dashboard/admin-dashboard.module';
import { AdminNewsModule } from './news/admin-news.module';
import { AdminReportsModule } from './reports/admin-reports.module';
import { AdminLogsModule } from './logs/admin-logs.module';
import { AdminMonitorModule } from './monitor/admin-monitor.module';
import { AdminSettingsModule } from './settings/admin-settings.module';
import { AdminSupportModule } from './support/admin-support.module';
import { AdminTrafficModule } from './traffic/admin-traffic.module';

/** The admin console: dashboard, reports, audit, logs, settings, monitor, news, support, traffic. */
@Module({
  imports: [
    AdminDashboardModule,
    AdminReportsModule,
    AdminAuditModule,
    AdminLogsModule,
    AdminSettingsModule,
    AdminMonitorModule,
    AdminNewsModule,
    AdminSupportModule,
    AdminTrafficModule,
  ],
})
export class AdminConsoleModule {}
