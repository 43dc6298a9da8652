import { Controller } from '@nestjs/common';

import { auth } from '@trafficshare/contracts';
import { GrpcMethods } from '@trafficshare/grpc';
import { callerOf, subjectOf, userId } from '@trafficshare/identity';

import { ReferralsService } from './referrals.service';

@Controller()
@GrpcMethods(auth.AUTH_SERVICE_NAME)
export class ReferralsGrpcController implements Pick<
  auth.AuthServiceController,
  'getReferrals' | 'voidReferral'
> {
  constructor(private readonly referrals: ReferralsService) {}

  getReferrals(r: auth.GetReferralsRequest): Promise<auth.GetReferralsResponse> {
    const caller = callerOf(r.caller);
    return this.referrals.get(caller, subjectOf(caller, r.telegramId), r.limit, r.offset);
  }

  voidReferral(r: auth.VoidReferralRequest): Promise<auth.VoidReferralResponse> {
    return this.referrals.void(callerOf(r.caller), userId(r.telegramId), r.note, r.clawBack);
  }
}
