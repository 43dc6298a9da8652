import { Controller } from '@nestjs/common';

import { payout } from '@trafficshare/contracts';
import { GrpcMethods } from '@trafficshare/grpc';
import { callerOf, isUserId } from '@trafficshare/identity';

import type { BlacklistEntry } from '../withdraw/risk.repository';
import { auditProto, withdrawProto } from '../withdraw/withdraw.presenter';
import { PayoutStatsService } from './payout-stats.service';
import { WithdrawAdminService } from './withdraw-admin.service';

const entryProto = (e: BlacklistEntry): payout.BlacklistEntry => ({
  address: e.address,
  reason: e.reason,
  addedBy: e.addedBy ?? 0,
  createdAt: e.createdAt.toISOString(),
});

/** Admin RPCs on withdrawals (the role is checked in the service). */
@Controller()
@GrpcMethods(payout.PAYOUT_SERVICE_NAME)
export class WithdrawAdminGrpcController implements Pick<
  payout.PayoutServiceController,
  | 'adminListWithdraws'
  | 'adminGetWithdraw'
  | 'adminActOnWithdraw'
  | 'adminListBlacklist'
  | 'adminAddBlacklist'
  | 'adminRemoveBlacklist'
  | 'getAdminStats'
  | 'adminExportWithdraws'
> {
  constructor(
    private readonly admin: WithdrawAdminService,
    private readonly stats: PayoutStatsService,
  ) {}

  async adminListBlacklist(
    r: payout.AdminListBlacklistRequest,
  ): Promise<payout.AdminListBlacklistResponse> {
    const res = await this.admin.listBlacklist(callerOf(r.caller), {
      limit: Math.min(Math.max(r.limit || 50, 1), 200),
      offset: Math.max(r.offset, 0),
    });
    return { entries: res.rows.map(entryProto), total: res.total };
  }

  async adminAddBlacklist(
    r: payout.AdminAddBlacklistRequest,
  ): Promise<payout.AdminAddBlacklistResponse> {
    const res = await this.admin.addBlacklist(callerOf(r.caller), r.address, r.note);
    return { entry: entryProto(res.entry), created: res.created };
  }

  async adminRemoveBlacklist(
    r: payout.AdminRemoveBlacklistRequest,
  ): Promise<payout.AdminRemoveBlacklistResponse> {
    return { removed: await this.admin.removeBlacklist(callerOf(r.caller), r.address, r.note) };
  }

  getAdminStats(r: payout.GetAdminStatsRequest): Promise<payout.GetAdminStatsResponse> {
    return this.stats.stats(callerOf(r.caller), r.days);
  }

  async adminListWithdraws(
    r: payout.AdminListWithdrawsRequest,
  ): Promise<payout.AdminListWithdrawsResponse> {
    const res = await this.admin.list(
      callerOf(r.caller),
      { status: r.status, telegramId: isUserId(r.telegramId) ? r.telegramId : undefined },
      { limit: Math.min(Math.max(r.limit || 20, 1), 200), offset: Math.max(r.offset, 0) },
    );
    return { withdraws: res.rows.map(withdrawProto), total: res.total };
  }

  async adminGetWithdraw(
    r: payout.AdminGetWithdrawRequest,
  ): Promise<payout.AdminGetWithdrawResponse> {
    const d = await this.admin.details(callerOf(r.caller), r.withdrawId);
    return {
      withdraw: withdrawProto(d.withdraw),
      audit: d.audit.map(auditProto),
      history: d.history.map(withdrawProto),
    };
  }

  async adminActOnWithdraw(
    r: payout.AdminActOnWithdrawRequest,
  ): Promise<payout.AdminActOnWithdrawResponse> {
    const w = await this.admin.act(callerOf(r.caller), r.withdrawId, r.action, r.note, r.txHash);
    return { withdraw: withdrawProto(w) };
  }

  async adminExportWithdraws(
    r: payout.AdminExportWithdrawsRequest,
  ): Promise<payout.AdminExportWithdrawsResponse> {
    const page = await this.admin.exportPage(callerOf(r.caller), r);
    return { withdraws: page.rows.map(withdrawProto), next: page.next };
  }
}
