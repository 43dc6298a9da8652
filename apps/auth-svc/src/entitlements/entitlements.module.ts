import { Module } from '@nestjs/common';

import { CoreModule } from '../common/core.module';
import { EntitlementsGrpcController } from './entitlements.grpc-controller';
import { EntitlementsRepository } from './entitlements.repository';
import { EntitlementsService } from './entitlements.service';

@Module({
  imports: [CoreModule],
  controllers: [EntitlementsGrpcController],
  providers: [EntitlementsRepository, EntitlementsService],
  exports: [EntitlementsService],
})
export class EntitlementsModule {}
