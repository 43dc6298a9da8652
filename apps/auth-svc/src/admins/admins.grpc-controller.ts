import { Controller } from '@nestjs/common';

import { auth } from '@trafficshare/contracts';
import { GrpcMethods } from '@trafficshare/grpc';

import { callerOf, requireRole, requireTelegramId, type CallerInfo } from '../common/caller';
import { AdminsService } from './admins.service';

type Methods = 'listAdmins' | 'addAdmin' | 'updateAdmin' | 'removeAdmin';

const superadmin = (c: auth.Caller | undefined): CallerInfo => {
  const caller = callerOf(c);
  requireRole(caller, 'superadmin');
  return caller;
};

@Controller()
@GrpcMethods(auth.AUTH_SERVICE_NAME)
export class AdminsGrpcController implements Pick<auth.AuthServiceController, Methods> {
  constructor(private readonly admins: AdminsService) {}

  async listAdmins(req: auth.ListAdminsRequest): Promise<auth.ListAdminsResponse> {
    superadmin(req.caller);
    return { admins: await this.admins.list() };
  }

  async addAdmin(req: auth.AddAdminRequest): Promise<auth.AddAdminResponse> {
    const caller = superadmin(req.caller);
    const input = {
      telegramId: requireTelegramId(req.telegramId),
      username: req.username,
      phone: req.phone,
      role: req.role || 'moderator',
    };
    return { admin: await this.admins.add(caller, input) };
  }

  async updateAdmin(req: auth.UpdateAdminRequest): Promise<auth.UpdateAdminResponse> {
    const caller = superadmin(req.caller);
    return {
      admin: await this.admins.update(caller, {
        telegramId: requireTelegramId(req.telegramId),
        username: req.username,
        phone: req.phone,
        role: req.role,
      }),
    };
  }

  async removeAdmin(req: auth.RemoveAdminRequest): Promise<auth.RemoveAdminResponse> {
    await this.admins.remove(superadmin(req.caller), requireTelegramId(req.telegramId));
    return {};
  }
}
