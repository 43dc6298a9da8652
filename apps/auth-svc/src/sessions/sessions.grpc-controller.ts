import { Controller } from '@nestjs/common';

import { auth } from '@trafficshare/contracts';
import { GrpcMethods } from '@trafficshare/grpc';
import { callerOf } from '@trafficshare/identity';

import { toLoginRecord } from './login-record';
import { SessionsService } from './sessions.service';

type Methods = 'refreshTokens' | 'renewToken' | 'logout' | 'logoutAll' | 'getLoginHistory';

const HISTORY_DEFAULT = 5;
const HISTORY_MAX = 100;

@Controller()
@GrpcMethods(auth.AUTH_SERVICE_NAME)
export class SessionsGrpcController implements Pick<auth.AuthServiceController, Methods> {
  constructor(private readonly sessions: SessionsService) {}

  async refreshTokens(req: auth.RefreshTokensRequest): Promise<auth.RefreshTokensResponse> {
    return {
      tokens: await this.sessions.refresh(req.refreshToken, {
        ip: req.client?.ip ?? '',
        userAgent: req.client?.userAgent ?? '',
      }),
    };
  }

  async renewToken(req: auth.RenewTokenRequest): Promise<auth.RenewTokenResponse> {
    return { tokens: await this.sessions.renew(callerOf(req.caller), req.code) };
  }

  async logout(req: auth.LogoutRequest): Promise<auth.LogoutResponse> {
    await this.sessions.logout(callerOf(req.caller));
    return {};
  }

  async logoutAll(req: auth.LogoutAllRequest): Promise<auth.LogoutAllResponse> {
    return { revoked: await this.sessions.logoutAll(callerOf(req.caller), req.code) };
  }

  async getLoginHistory(req: auth.GetLoginHistoryRequest): Promise<auth.GetLoginHistoryResponse> {
    const caller = callerOf(req.caller);
    const limit = Math.min(Math.max(req.limit || HISTORY_DEFAULT, 1), HISTORY_MAX);
    const rows = await this.sessions.history(caller.telegramId, limit);
    return { history: rows.map((s) => toLoginRecord(s, caller.sessionId)) };
  }
}
