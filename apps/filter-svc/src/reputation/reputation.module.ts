import { Module } from '@nestjs/common';

import { GeoIpModule } from '../geoip/geoip.module';
import { ReputationService } from './reputation.service';

@Module({
  imports: [GeoIpModule],
  providers: [ReputationService],
  exports: [ReputationService, GeoIpModule],
})
export class ReputationModule {}
