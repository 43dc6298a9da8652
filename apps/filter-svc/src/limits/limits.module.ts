import { Module } from '@nestjs/common';

import { AttemptLockService } from './attempt-lock.service';
import { IpClaimsService } from './ip-claims.service';

@Module({
  providers: [AttemptLockService, IpClaimsService],
  exports: [AttemptLockService, IpClaimsService],
})
export class LimitsModule {}
