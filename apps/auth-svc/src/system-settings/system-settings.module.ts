import { Module } from '@nestjs/common';

import { CoreModule } from '../common/core.module';
import { SystemSettingsGrpcController } from './system-settings.grpc-controller';
import { SystemSettingsRepository } from './system-settings.repository';
import { SystemSettingsService } from './system-settings.service';

@Module({
  imports: [CoreModule],
  controllers: [SystemSettingsGrpcController],
  providers: [SystemSettingsRepository, SystemSettingsService],
  exports: [SystemSettingsService],
})
export class SystemSettingsModule {}
