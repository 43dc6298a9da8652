import { Module } from '@nestjs/common';

import { CoreModule } from '../common/core.module';
import { ReferralDevicesConsumer } from './referral-devices.consumer';
import { ReferralsGrpcController } from './referrals.grpc-controller';
import { ReferralsRepository } from './referrals.repository';
import { ReferralsService } from './referrals.service';

@Module({
  imports: [CoreModule],
  controllers: [ReferralsGrpcController],
  providers: [ReferralsRepository, ReferralsService, ReferralDevicesConsumer],
  exports: [ReferralsService],
})
export class ReferralsModule {}
