import { Module } from '@nestjs/common';

import { CoreModule } from '../common/core.module';
import { EntitlementsGrpcController } from './entitlements.grpc-controller';
import { EntitlementsRepository } from './entitlements.repository';
import { EntitlementsService } from './entitlements.service';
import { SubscriptionExpiryWorker } from './subscription-expiry.worker';

@Module({
  imports: [CoreModule],
  controllers: [EntitlementsGrpcController],
  providers: [EntitlementsRepository, EntitlementsService, SubscriptionExpiryWorker],
  exports: [EntitlementsService],
})
export class EntitlementsModule {}
