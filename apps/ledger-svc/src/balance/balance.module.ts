import { Module } from '@nestjs/common';

import { CoreModule } from '../common/core.module';
import { BalanceInternalGrpcController } from './balance-internal.grpc-controller';
import { BalanceGrpcController } from './balance.grpc-controller';
import { BalanceRepository } from './balance.repository';
import { BalanceService } from './balance.service';

@Module({
  imports: [CoreModule],
  controllers: [BalanceGrpcController, BalanceInternalGrpcController],
  providers: [BalanceRepository, BalanceService],
})
export class BalanceModule {}
