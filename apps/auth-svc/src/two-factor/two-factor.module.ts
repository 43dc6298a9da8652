import { Module } from '@nestjs/common';

import { CoreModule } from '../common/core.module';
import { TwoFactorGrpcController } from './two-factor.grpc-controller';
import { TwoFactorRepository } from './two-factor.repository';
import { TwoFactorService } from './two-factor.service';

@Module({
  imports: [CoreModule],
  controllers: [TwoFactorGrpcController],
  providers: [TwoFactorRepository, TwoFactorService],
  exports: [TwoFactorService],
})
export class TwoFactorModule {}
