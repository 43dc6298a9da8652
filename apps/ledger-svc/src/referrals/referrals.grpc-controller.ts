import { Controller } from '@nestjs/common';

import { ledger } from '@trafficshare/contracts';
import { GrpcMethods } from '@trafficshare/grpc';
import { callerOf, requireRole, subjectOf } from '@trafficshare/identity';

import { ReferralsService } from './referrals.service';

@Controller()
@GrpcMethods(ledger.LEDGER_SERVICE_NAME)
export class ReferralsGrpcController implements Pick<
  ledger.LedgerServiceController,
  'getReferralEarnings'
> {
  constructor(private readonly referrals: ReferralsService) {}

  getReferralEarnings(
    r: ledger.GetReferralEarningsRequest,
  ): Promise<ledger.GetReferralEarningsResponse> {
    const caller = callerOf(r.caller);
    const owner = subjectOf(caller, r.telegramId);
    // Another user's per-referral breakdown (who they brought, each one's status) is the referral
    // tree, the superadmin's as at the gateway; their totals (a user's dashboard) any admin's.
    if (owner !== caller.telegramId && !r.totalsOnly) requireRole(caller, 'superadmin');
    return this.referrals.earnings(owner, r.from, r.to, r.totalsOnly);
  }
}
