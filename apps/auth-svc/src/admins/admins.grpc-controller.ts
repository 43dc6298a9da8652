import { Controller } from '@nestjs/common';

import { auth, common } from '@trafficshare/contracts';
import { GrpcMethods } from '@trafficshare/grpc';
import {
  callerOf,
  requireRole,
  roleFromProto,
  userId,
  type CallerInfo,
  type RoleName,
} from '@trafficshare/identity';

import { AdminsService } from './admins.service';

type Methods = 'listAdmins' | 'addAdmin' | 'updateAdmin' | 'removeAdmin';

const superadmin = (c: common.Caller | undefined): CallerInfo => {
  const caller = callerOf(c);
  requireRole(caller, 'superadmin');
  return caller;
};

/** A role field of the request: unset stays unset; a value must name a role. */
const roleName = (role: common.Role | undefined): RoleName | 'unknown' | undefined =>
  role === undefined ? undefined : (roleFromProto(role) ?? 'unknown');

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
      telegramId: userId(req.telegramId),
      username: req.username,
      phone: req.phone,
      role:
        req.role === common.Role.ROLE_UNSPECIFIED ? 'moderator' : (roleName(req.role) ?? 'unknown'),
    };
    return { admin: await this.admins.add(caller, input) };
  }

  async updateAdmin(req: auth.UpdateAdminRequest): Promise<auth.UpdateAdminResponse> {
    const caller = superadmin(req.caller);
    return {
      admin: await this.admins.update(caller, {
        telegramId: userId(req.telegramId),
        username: req.username,
        phone: req.phone,
        role: roleName(req.role),
      }),
    };
  }

  async removeAdmin(req: auth.RemoveAdminRequest): Promise<auth.RemoveAdminResponse> {
    await this.admins.remove(superadmin(req.caller), userId(req.telegramId));
    return {};
  }
}
