import { Module } from '@nestjs/common';

import {
  SettingsAuth,
  StatusFilter,
  StatusLedger,
  StatusNotify,
  StatusPayout,
  StatusTelemetry,
} from './admin-settings.clients';
import { AdminSettingsController } from './admin-settings.controller';
import { BackupService } from './backup.service';
import { PlatformStatus } from './status.service';

@Module({
  controllers: [AdminSettingsController],
  providers: [
    SettingsAuth.provider,
    StatusLedger.provider,
    StatusTelemetry.provider,
    StatusFilter.provider,
    StatusPayout.provider,
    StatusNotify.provider,
    PlatformStatus,
    BackupService,
  ],
  exports: [PlatformStatus],
})
export class AdminSettingsModule {}
