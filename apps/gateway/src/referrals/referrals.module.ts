import { Module } from '@nestjs/common';

import { ReferralsAuth, ReferralsLedger } from './referrals.clients';
import { ReferralsController } from './referrals.controller';

@Module({
  controllers: [ReferralsController],
  providers: [ReferralsAuth.provider, ReferralsLedger.provider],
})
export class ReferralsModule {}
