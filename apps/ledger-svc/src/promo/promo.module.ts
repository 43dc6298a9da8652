import { Module } from '@nestjs/common';

import { CoreModule } from '../common/core.module';
import { PromoGrpcController } from './promo.grpc-controller';
import { PromoRepository } from './promo.repository';
import { PromoService } from './promo.service';

@Module({
  imports: [CoreModule],
  controllers: [PromoGrpcController],
  providers: [PromoRepository, PromoService],
})
export class PromoModule {}
