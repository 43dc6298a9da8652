import { Global, Module } from '@nestjs/common';

import { EntitlementsCache } from './entitlements-cache';
import { EntitlementsAuth, MySubscriptionsController } from './entitlements.controller';
import { EntitlementsCheck, SubscriptionGuard } from './require-subscription.guard';

@Global()
@Module({
  controllers: [MySubscriptionsController],
  providers: [
    EntitlementsCache,
    SubscriptionGuard,
    EntitlementsAuth.provider,
    EntitlementsCheck.provider,
  ],
  exports: [EntitlementsCache, SubscriptionGuard, EntitlementsCheck.token],
})
export class EntitlementsModule {}
