import { Controller, Inject, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

import type { AuthenticatedRequest } from '../../auth/auth.types';
import { callOptions } from '../../common/call-options';
import { callerOf } from '../../common/caller';
import type { RouteInput, RouteReply } from '../../contract/route-contract';
import { Route } from '../../contract/route.decorator';
import { narrowClient } from '../../grpc-clients/narrow-client';
import {
  AdminActOnWithdrawRoute,
  AdminAddBlacklistRoute,
  AdminListBlacklistRoute,
  AdminRemoveBlacklistRoute,
  AdminGetWithdrawRoute,
  AdminListWithdrawsRoute,
} from './admin-withdraws.contract';
import { adminWithdrawJson, auditJson, blacklistJson } from './admin-withdraws.presenter';

export const AdminWithdrawsPayout = narrowClient('payout', [
  'adminListWithdraws',
  'adminGetWithdraw',
  'adminActOnWithdraw',
  'adminListBlacklist',
  'adminAddBlacklist',
  'adminRemoveBlacklist',
]);

type Req = FastifyRequest & AuthenticatedRequest;

// The route's short action name → the RPC's.
const ACTION = { blacklist: 'blacklist_address' } as const;

/** Admin: withdrawals list, details and actions (payout-svc checks the role again). */
@Controller()
export class AdminWithdrawsController {
  constructor(
    @Inject(AdminWithdrawsPayout.token) private readonly payout: typeof AdminWithdrawsPayout.type,
  ) {}

  @Route(AdminListWithdrawsRoute)
  async list(
    { query }: RouteInput<typeof AdminListWithdrawsRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof AdminListWithdrawsRoute>> {
    const res = await this.payout.adminListWithdraws(
      {
        caller: callerOf(request),
        status: query.status ?? '',
        telegramId: query.telegram_id ?? 0,
        limit: query.limit,
        offset: query.offset,
      },
      callOptions(request),
    );
    return {
      withdraws: res.withdraws.map(adminWithdrawJson),
      total: res.total,
      limit: query.limit,
      offset: query.offset,
    };
  }

  @Route(AdminGetWithdrawRoute)
  async one(
    { params }: RouteInput<typeof AdminGetWithdrawRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof AdminGetWithdrawRoute>> {
    const res = await this.payout.adminGetWithdraw(
      { caller: callerOf(request), withdrawId: params.id },
      callOptions(request),
    );
    return {
      withdraw: adminWithdrawJson(res.withdraw),
      audit: res.audit.map(auditJson),
      history: res.history.map(adminWithdrawJson),
    };
  }

  @Route(AdminActOnWithdrawRoute)
  async act(
    { params, body }: RouteInput<typeof AdminActOnWithdrawRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof AdminActOnWithdrawRoute>> {
    const res = await this.payout.adminActOnWithdraw(
      {
        caller: callerOf(request),
        withdrawId: params.id,
        action: params.action === 'blacklist' ? ACTION.blacklist : params.action,
        note: body.note,
        txHash: body.tx_hash ?? '',
      },
      callOptions(request),
    );
    return { withdraw: adminWithdrawJson(res.withdraw) };
  }

  @Route(AdminListBlacklistRoute)
  async blacklist(
    { query }: RouteInput<typeof AdminListBlacklistRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof AdminListBlacklistRoute>> {
    const res = await this.payout.adminListBlacklist(
      { caller: callerOf(request), limit: query.limit, offset: query.offset },
      callOptions(request),
    );
    return {
      entries: res.entries.map(blacklistJson),
      total: res.total,
      limit: query.limit,
      offset: query.offset,
    };
  }

  @Route(AdminAddBlacklistRoute)
  async addBlacklist(
    { body }: RouteInput<typeof AdminAddBlacklistRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof AdminAddBlacklistRoute>> {
    const res = await this.payout.adminAddBlacklist(
      { caller: callerOf(request), address: body.address, note: body.note },
      callOptions(request),
    );
    return { entry: blacklistJson(res.entry), created: res.created };
  }

  @Route(AdminRemoveBlacklistRoute)
  async removeBlacklist(
    { params, body }: RouteInput<typeof AdminRemoveBlacklistRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof AdminRemoveBlacklistRoute>> {
    await this.payout.adminRemoveBlacklist(
      { caller: callerOf(request), address: params.address, note: body.note },
      callOptions(request),
    );
    return { removed: true };
  }
}
