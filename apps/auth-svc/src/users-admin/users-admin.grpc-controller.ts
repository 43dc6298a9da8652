import { Controller } from '@nestjs/common';

import { auth, type common } from '@trafficshare/contracts';
import { GrpcMethods } from '@trafficshare/grpc';
import { callerOf, requireRole, userId, type CallerInfo } from '@trafficshare/identity';

import { UsersAdminService } from './users-admin.service';

type Methods = 'listUsers' | 'banUser' | 'unbanUser' | 'resetUserToken' | 'listUserSessions';

const admin = (c: common.Caller | undefined): CallerInfo => {
  const caller = callerOf(c);
  requireRole(caller, 'superadmin', 'moderator');
  return caller;
};

@Controller()
@GrpcMethods(auth.AUTH_SERVICE_NAME)
export class UsersAdminGrpcController implements Pick<auth.AuthServiceController, Methods> {
  constructor(private readonly usersAdmin: UsersAdminService) {}

  listUsers(req: auth.ListUsersRequest): Promise<auth.ListUsersResponse> {
    admin(req.caller);
    return this.usersAdmin.list(
      req.query,
      Math.min(Math.max(req.limit || 50, 1), 100),
      Math.max(req.offset, 0),
    );
  }

  async banUser(req: auth.BanUserRequest): Promise<auth.BanUserResponse> {
    return {
      user: await this.usersAdmin.setBanned(
        admin(req.caller),
        userId(req.telegramId),
        true,
        req.reason,
      ),
    };
  }

  async unbanUser(req: auth.UnbanUserRequest): Promise<auth.UnbanUserResponse> {
    return {
      user: await this.usersAdmin.setBanned(admin(req.caller), userId(req.telegramId), false, ''),
    };
  }

  async resetUserToken(req: auth.ResetUserTokenRequest): Promise<auth.ResetUserTokenResponse> {
    return {
      revoked: await this.usersAdmin.resetToken(admin(req.caller), userId(req.telegramId)),
    };
  }

  async listUserSessions(
    req: auth.ListUserSessionsRequest,
  ): Promise<auth.ListUserSessionsResponse> {
    admin(req.caller);
    return { sessions: await this.usersAdmin.sessionsOf(userId(req.telegramId)) };
  }
}
