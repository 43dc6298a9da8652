import { Controller, Inject, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

import type { AuthenticatedRequest } from '../../auth/auth.types';
import { callOptions } from '../../common/call-options';
import { callerOf } from '../../common/caller';
import type { RouteInput, RouteReply } from '../../contract/route-contract';
import { Route } from '../../contract/route.decorator';
import { narrowClient } from '../../grpc-clients/narrow-client';
import { requireTicket, supportTicketJson } from '../../support/support.presenter';
import {
  AdminCloseSupportRoute,
  AdminGetSupportRoute,
  AdminListSupportRoute,
  AdminReplySupportRoute,
} from './admin-support.contract';

type Req = FastifyRequest & AuthenticatedRequest;

export const AdminSupportNotify = narrowClient('notify', [
  'adminListSupportTickets',
  'getSupportTicket',
  'replySupportTicket',
  'closeSupportTicket',
]);

/** The admins' side of support (notify-svc checks the role too). */
@Controller()
export class AdminSupportController {
  constructor(
    @Inject(AdminSupportNotify.token) private readonly notify: typeof AdminSupportNotify.type,
  ) {}

  @Route(AdminListSupportRoute)
  async list(
    { query }: RouteInput<typeof AdminListSupportRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof AdminListSupportRoute>> {
    const res = await this.notify.adminListSupportTickets(
      {
        caller: callerOf(request),
        status: query.status === 'any' ? '' : query.status,
        telegramId: query.telegram_id,
        limit: query.limit,
        offset: query.offset,
      },
      callOptions(request),
    );
    return { tickets: res.tickets.map(supportTicketJson), total: res.total };
  }

  @Route(AdminGetSupportRoute)
  async get(
    { params }: RouteInput<typeof AdminGetSupportRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof AdminGetSupportRoute>> {
    const res = await this.notify.getSupportTicket(
      { caller: callerOf(request), id: params.id },
      callOptions(request),
    );
    return { ticket: supportTicketJson(requireTicket(res.ticket)) };
  }

  @Route(AdminReplySupportRoute)
  async reply(
    { params, body }: RouteInput<typeof AdminReplySupportRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof AdminReplySupportRoute>> {
    const res = await this.notify.replySupportTicket(
      { caller: callerOf(request), id: params.id, message: body.message },
      callOptions(request),
    );
    return { ticket: supportTicketJson(requireTicket(res.ticket)) };
  }

  @Route(AdminCloseSupportRoute)
  async close(
    { params }: RouteInput<typeof AdminCloseSupportRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof AdminCloseSupportRoute>> {
    const res = await this.notify.closeSupportTicket(
      { caller: callerOf(request), id: params.id },
      callOptions(request),
    );
    return { ticket: supportTicketJson(requireTicket(res.ticket)) };
  }
}
