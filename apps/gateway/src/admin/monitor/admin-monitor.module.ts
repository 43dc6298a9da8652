import { Module } from '@nestjs/common';

import {
  MonitorFilter,
  MonitorLedger,
  MonitorPayout,
  MonitorTelemetry,
} from './admin-monitor.clients';
import { AdminMonitorService } from './admin-monitor.service';

@Module({
  providers: [
    MonitorTelemetry.provider,
    MonitorLedger.provider,
    MonitorFilter.provider,
    MonitorPayout.provider,
    AdminMonitorService,
  ],
})
export class AdminMonitorModule {}
