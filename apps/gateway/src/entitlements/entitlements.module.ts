import { Global, Module } from '@nestjs/common';

import { EntitlementsCache } from './entitlements-cache';
import { MySubscriptionsController } from './my-subscriptions.controller';
import { SubscriptionGuard } from './require-subscription.guard';

@Global()
@Module({
  controllers: [MySubscriptionsController],
  providers: [EntitlementsCache, SubscriptionGuard],
  exports: [EntitlementsCache, SubscriptionGuard],
})
export class EntitlementsModule {}
