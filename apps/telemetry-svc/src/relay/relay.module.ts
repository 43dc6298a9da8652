import { Module } from '@nestjs/common';

import { SessionsModule } from '../sessions/sessions.module';
import { RelayInternalGrpcController } from './relay-internal.grpc-controller';
import { RelayPoolGrpcController } from './relay-pool.grpc-controller';
import { RelayPoolRepository } from './relay-pool.repository';
import { RelayPoolService } from './relay-pool.service';
import { RelayRepository } from './relay.repository';
import { RelayService } from './relay.service';

@Module({
  imports: [SessionsModule],
  controllers: [RelayInternalGrpcController, RelayPoolGrpcController],
  providers: [RelayRepository, RelayService, RelayPoolRepository, RelayPoolService],
  exports: [RelayRepository],
})
export class RelayModule {}
