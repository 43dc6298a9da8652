import { Module } from '@nestjs/common';

import { CoreModule } from '../common/core.module';
import { TwoFactorModule } from '../two-factor/two-factor.module';
import { SettingsGrpcController } from './settings.grpc-controller';
import { SettingsRepository } from './settings.repository';
import { SettingsService } from './settings.service';

@Module({
  imports: [CoreModule, TwoFactorModule],
  controllers: [SettingsGrpcController],
  providers: [SettingsRepository, SettingsService],
  exports: [SettingsService, SettingsRepository],
})
export class SettingsModule {}
