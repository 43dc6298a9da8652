import { Module } from '@nestjs/common';

import { CoreModule } from '../common/core.module';
import { TwoFactorInternalGrpcController } from './two-factor-internal.grpc-controller';
import { TwoFactorGrpcController } from './two-factor.grpc-controller';
import { TwoFactorRepository } from './two-factor.repository';
import { TwoFactorService } from './two-factor.service';

@Module({
  imports: [CoreModule],
  controllers: [TwoFactorGrpcController, TwoFactorInternalGrpcController],
  providers: [TwoFactorRepository, TwoFactorService],
  exports: [TwoFactorService],
})
export class TwoFactorModule {}
