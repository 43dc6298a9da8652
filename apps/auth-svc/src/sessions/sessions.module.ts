import { Module } from '@nestjs/common';

import { CoreModule } from '../common/core.module';
import { SystemSettingsModule } from '../system-settings/system-settings.module';
import { TwoFactorModule } from '../two-factor/two-factor.module';
import { GeoIpService } from './geoip.service';
import { SessionsGrpcController } from './sessions.grpc-controller';
import { SessionsRepository } from './sessions.repository';
import { SessionsService } from './sessions.service';

@Module({
  imports: [CoreModule, TwoFactorModule, SystemSettingsModule],
  controllers: [SessionsGrpcController],
  providers: [SessionsRepository, SessionsService, GeoIpService],
  exports: [SessionsService],
})
export class SessionsModule {}
