import { Module } from '@nestjs/common';

import { PolicyModule } from '../policy/policy.module';
import { AttemptLockService } from './attempt-lock.service';
import { IpClaimsService } from './ip-claims.service';
import { SessionClaimsConsumer } from './session-claims.consumer';

@Module({
  imports: [PolicyModule],
  providers: [AttemptLockService, IpClaimsService, SessionClaimsConsumer],
  exports: [AttemptLockService, IpClaimsService],
})
export class LimitsModule {}
