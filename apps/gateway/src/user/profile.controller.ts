import { Controller, HttpException, Inject, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

import type { AuthenticatedRequest } from '../auth/auth.types';
import { callOptions } from '../common/call-options';
import { callerOf } from '../common/caller';
import type { RouteInput, RouteReply } from '../contract/route-contract';
import { Route } from '../contract/route.decorator';
import { RequireSubscription } from '../entitlements/require-subscription.guard';
import { narrowClient } from '../grpc-clients/narrow-client';
import {
  FullLoginHistoryRoute,
  LoginHistoryRoute,
  LogoutAllRoute,
  LogoutRoute,
  ProfileRoute,
  RenewTokenRoute,
} from './user.contract';
import { loginRecordJson, profileJson } from './user.presenter';

type Req = FastifyRequest & AuthenticatedRequest;

export const ProfileAuth = narrowClient('auth', [
  'getProfile',
  'renewToken',
  'logout',
  'logoutAll',
  'getLoginHistory',
]);

/** The caller's profile, token renewal, logout and login history. */
@Controller()
export class ProfileController {
  constructor(@Inject(ProfileAuth.token) private readonly auth: typeof ProfileAuth.type) {}

  @Route(ProfileRoute)
  async profile(
    _input: RouteInput<typeof ProfileRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof ProfileRoute>> {
    const p = await this.auth.getProfile({ caller: callerOf(request) }, callOptions(request));
    return profileJson(p, (request.headers.authorization ?? '').slice(7).trim());
  }

  @Route(RenewTokenRoute)
  async renew(
    { body }: RouteInput<typeof RenewTokenRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof RenewTokenRoute>> {
    // The body names the user; it must be the caller (a token is never renewed for another).
    if (body.telegram_id !== undefined && String(body.telegram_id) !== request.user.sub) {
      throw new HttpException(
        { status: 'error', code: 'forbidden', message: 'You can only renew your own token' },
        403,
      );
    }
    const { tokens } = await this.auth.renewToken(
      { caller: callerOf(request), code: body.code ?? '' },
      callOptions(request),
    );
    return {
      message: 'Token successfully renewed',
      jwt_token: tokens!.accessToken,
      expires_in: tokens!.expiresIn,
    };
  }

  @Route(LogoutRoute)
  async logout(
    _input: RouteInput<typeof LogoutRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof LogoutRoute>> {
    await this.auth.logout({ caller: callerOf(request) }, callOptions(request));
    return { message: 'Successfully logged out' };
  }

  @Route(LogoutAllRoute)
  async logoutAll(
    { body }: RouteInput<typeof LogoutAllRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof LogoutAllRoute>> {
    const res = await this.auth.logoutAll(
      { caller: callerOf(request), code: body.code ?? '' },
      callOptions(request),
    );
    return { message: 'All sessions ended', revoked: res.revoked };
  }

  @Route(LoginHistoryRoute)
  async loginHistory(
    _input: RouteInput<typeof LoginHistoryRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof LoginHistoryRoute>> {
    const res = await this.auth.getLoginHistory(
      { caller: callerOf(request), limit: 5 },
      callOptions(request),
    );
    return { history: res.history.map(loginRecordJson) };
  }

  @Route(FullLoginHistoryRoute)
  @RequireSubscription('premium')
  async fullHistory(
    { query }: RouteInput<typeof FullLoginHistoryRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof FullLoginHistoryRoute>> {
    const res = await this.auth.getLoginHistory(
      { caller: callerOf(request), limit: query.limit },
      callOptions(request),
    );
    return { history: res.history.map(loginRecordJson) };
  }
}
