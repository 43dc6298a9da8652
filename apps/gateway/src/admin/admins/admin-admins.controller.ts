import { Controller, Inject, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

import { roleToProto } from '@trafficshare/identity';

import type { AuthenticatedRequest } from '../../auth/auth.types';
import { callOptions } from '../../common/call-options';
import { callerOf } from '../../common/caller';
import type { RouteInput, RouteReply } from '../../contract/route-contract';
import { Route } from '../../contract/route.decorator';
import { narrowClient } from '../../grpc-clients/narrow-client';
import {
  AddAdminRoute,
  ListAdminsRoute,
  RemoveAdminRoute,
  UpdateAdminRoute,
} from './admin-admins.contract';
import { adminJson } from './admin-admins.presenter';

export const AdminAdminsAuth = narrowClient('auth', [
  'listAdmins',
  'addAdmin',
  'updateAdmin',
  'removeAdmin',
]);

type Req = FastifyRequest & AuthenticatedRequest;

/** Admin: the admins list and its changes (auth-svc checks the superadmin role again). */
@Controller()
export class AdminAdminsController {
  constructor(@Inject(AdminAdminsAuth.token) private readonly auth: typeof AdminAdminsAuth.type) {}

  @Route(ListAdminsRoute)
  async list(
    _input: RouteInput<typeof ListAdminsRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof ListAdminsRoute>> {
    const res = await this.auth.listAdmins({ caller: callerOf(request) }, callOptions(request));
    return { admins: res.admins.map(adminJson) };
  }

  @Route(AddAdminRoute)
  async add(
    { body }: RouteInput<typeof AddAdminRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof AddAdminRoute>> {
    const res = await this.auth.addAdmin(
      {
        caller: callerOf(request),
        telegramId: body.telegram_id,
        username: body.username,
        phone: body.phone,
        role: roleToProto(body.role),
      },
      callOptions(request),
    );
    return { admin: adminJson(res.admin) };
  }

  @Route(UpdateAdminRoute)
  async update(
    { params, body }: RouteInput<typeof UpdateAdminRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof UpdateAdminRoute>> {
    const res = await this.auth.updateAdmin(
      {
        caller: callerOf(request),
        telegramId: params.id,
        username: body.username,
        phone: body.phone,
        role: body.role === undefined ? undefined : roleToProto(body.role),
      },
      callOptions(request),
    );
    return { admin: adminJson(res.admin) };
  }

  @Route(RemoveAdminRoute)
  async remove(
    { params }: RouteInput<typeof RemoveAdminRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof RemoveAdminRoute>> {
    await this.auth.removeAdmin(
      { caller: callerOf(request), telegramId: params.id },
      callOptions(request),
    );
    return {};
  }
}
