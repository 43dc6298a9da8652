import { Module } from '@nestjs/common';

import { CoreModule } from '../common/core.module';
import { ReferralGraphConsumer } from './referral-graph.consumer';
import { ReferralPayerService } from './referral-payer.service';
import { ReferralsGrpcController } from './referrals.grpc-controller';
import { ReferralsRepository } from './referrals.repository';
import { ReferralsService } from './referrals.service';

@Module({
  imports: [CoreModule],
  controllers: [ReferralsGrpcController],
  providers: [ReferralsRepository, ReferralPayerService, ReferralsService, ReferralGraphConsumer],
  exports: [ReferralPayerService],
})
export class ReferralsModule {}
