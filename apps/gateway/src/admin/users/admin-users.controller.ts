import { Controller, Inject, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

import type { AuthenticatedRequest } from '../../auth/auth.types';
import { callOptions } from '../../common/call-options';
import { callerOf } from '../../common/caller';
import type { RouteInput, RouteReply } from '../../contract/route-contract';
import { Route } from '../../contract/route.decorator';
import { narrowClient } from '../../grpc-clients/narrow-client';
import {
  BanUserRoute,
  GrantSubscriptionRoute,
  ListUsersRoute,
  ResetUserTokenRoute,
  RevokeSubscriptionRoute,
  SubscriptionHistoryRoute,
  UnbanUserRoute,
  UserSessionsRoute,
} from './admin-users.contract';
import {
  subscriptionHistoryJson,
  subscriptionSetJson,
  userSessionJson,
  userSummaryJson,
} from './admin-users.presenter';

export const AdminUsersAuth = narrowClient('auth', [
  'listUsers',
  'banUser',
  'unbanUser',
  'resetUserToken',
  'listUserSessions',
  'grantSubscription',
  'getSubscriptionHistory',
  'revokeSubscription',
]);

type Req = FastifyRequest & AuthenticatedRequest;

/**
 * Admin: users (list, ban, sessions) and their subscriptions (grant, revoke, history; each change
 * is pushed live). auth-svc checks the role again.
 */
@Controller()
export class AdminUsersController {
  constructor(@Inject(AdminUsersAuth.token) private readonly auth: typeof AdminUsersAuth.type) {}

  @Route(ListUsersRoute)
  async list(
    { query }: RouteInput<typeof ListUsersRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof ListUsersRoute>> {
    const res = await this.auth.listUsers(
      { caller: callerOf(request), query: query.query, limit: query.limit, offset: query.offset },
      callOptions(request),
    );
    return {
      users: res.users.map(userSummaryJson),
      total: res.total,
      limit: query.limit,
      offset: query.offset,
    };
  }

  @Route(BanUserRoute)
  async ban(
    { params, body }: RouteInput<typeof BanUserRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof BanUserRoute>> {
    const res = await this.auth.banUser(
      { caller: callerOf(request), telegramId: params.telegram_id, reason: body.reason },
      callOptions(request),
    );
    return { user: userSummaryJson(res.user) };
  }

  @Route(UnbanUserRoute)
  async unban(
    { params }: RouteInput<typeof UnbanUserRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof UnbanUserRoute>> {
    const res = await this.auth.unbanUser(
      { caller: callerOf(request), telegramId: params.telegram_id },
      callOptions(request),
    );
    return { user: userSummaryJson(res.user) };
  }

  @Route(ResetUserTokenRoute)
  async resetToken(
    { params }: RouteInput<typeof ResetUserTokenRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof ResetUserTokenRoute>> {
    const res = await this.auth.resetUserToken(
      { caller: callerOf(request), telegramId: params.telegram_id },
      callOptions(request),
    );
    return { revoked: res.revoked };
  }

  @Route(UserSessionsRoute)
  async sessions(
    { params }: RouteInput<typeof UserSessionsRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof UserSessionsRoute>> {
    const res = await this.auth.listUserSessions(
      { caller: callerOf(request), telegramId: params.telegram_id },
      callOptions(request),
    );
    return { sessions: res.sessions.map(userSessionJson) };
  }

  @Route(GrantSubscriptionRoute)
  async grant(
    { params, body }: RouteInput<typeof GrantSubscriptionRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof GrantSubscriptionRoute>> {
    const res = await this.auth.grantSubscription(
      {
        caller: callerOf(request),
        telegramId: params.telegram_id,
        modelId: body.model_id,
        days: body.days,
        reason: body.reason,
      },
      callOptions(request),
    );
    return subscriptionSetJson(res);
  }

  @Route(SubscriptionHistoryRoute)
  async history(
    { params, query }: RouteInput<typeof SubscriptionHistoryRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof SubscriptionHistoryRoute>> {
    const res = await this.auth.getSubscriptionHistory(
      {
        caller: callerOf(request),
        telegramId: params.telegram_id,
        limit: query.limit,
        offset: query.offset,
      },
      callOptions(request),
    );
    return { history: res.history.map(subscriptionHistoryJson) };
  }

  @Route(RevokeSubscriptionRoute)
  async revoke(
    { params, query }: RouteInput<typeof RevokeSubscriptionRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof RevokeSubscriptionRoute>> {
    const res = await this.auth.revokeSubscription(
      {
        caller: callerOf(request),
        telegramId: params.telegram_id,
        modelId: params.model_id,
        reason: query.reason,
      },
      callOptions(request),
    );
    return subscriptionSetJson(res);
  }
}
