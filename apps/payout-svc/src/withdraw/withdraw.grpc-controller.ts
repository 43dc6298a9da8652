import { Controller } from '@nestjs/common';

import { payout } from '@trafficshare/contracts';
import { GrpcMethods } from '@trafficshare/grpc';
import { callerOf, subjectOf } from '@trafficshare/identity';

import { withdrawProto } from './withdraw.presenter';
import { WithdrawService } from './withdraw.service';

const page = (limit: number, offset: number) => ({
  limit: Math.min(Math.max(limit || 5, 1), 100),
  offset: Math.max(offset, 0),
});

/** The user's withdrawals: request, list, one. */
@Controller()
@GrpcMethods(payout.PAYOUT_SERVICE_NAME)
export class WithdrawGrpcController implements Pick<
  payout.PayoutServiceController,
  'requestWithdraw' | 'listWithdraws' | 'getWithdraw'
> {
  constructor(private readonly withdraws: WithdrawService) {}

  async requestWithdraw(r: payout.RequestWithdrawRequest): Promise<payout.RequestWithdrawResponse> {
    const a = await this.withdraws.request(callerOf(r.caller), r);
    return { ...a, withdraw: withdrawProto(a.withdraw) };
  }

  async listWithdraws(r: payout.ListWithdrawsRequest): Promise<payout.ListWithdrawsResponse> {
    const caller = callerOf(r.caller);
    const res = await this.withdraws.list(
      caller,
      subjectOf(caller, r.telegramId),
      page(r.limit, r.offset),
    );
    return { withdraws: res.rows.map(withdrawProto), total: res.total };
  }

  async getWithdraw(r: payout.GetWithdrawRequest): Promise<payout.GetWithdrawResponse> {
    return { withdraw: withdrawProto(await this.withdraws.get(callerOf(r.caller), r.withdrawId)) };
  }
}
