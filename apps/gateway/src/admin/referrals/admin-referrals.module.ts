import { Module } from '@nestjs/common';

import {
  AdminReferralsAuth,
  AdminReferralsController,
  AdminReferralsLedger,
} from './admin-referrals.controller';

@Module({
  controllers: [AdminReferralsController],
  providers: [AdminReferralsAuth.provider, AdminReferralsLedger.provider],
})
export class AdminReferralsModule {}
