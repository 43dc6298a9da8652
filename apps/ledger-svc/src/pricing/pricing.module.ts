import { Module } from '@nestjs/common';

import { CoreModule } from '../common/core.module';
import { PricingGrpcController } from './pricing.grpc-controller';
import { PricingRepository } from './pricing.repository';
import { PricingService } from './pricing.service';

@Module({
  imports: [CoreModule],
  controllers: [PricingGrpcController],
  providers: [PricingRepository, PricingService],
  exports: [PricingService],
})
export class PricingModule {}
