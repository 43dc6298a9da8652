import { Controller, HttpException, Inject, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

import type { AuthenticatedRequest } from '../auth/auth.types';
import { callOptions } from '../common/call-options';
import { callerOf } from '../common/caller';
import type { RouteInput, RouteReply } from '../contract/route-contract';
import { Route } from '../contract/route.decorator';
import { narrowClient } from '../grpc-clients/narrow-client';
import {
  MAX_ATTACHMENT_BYTES,
  SendSupportRoute,
  SupportHistoryRoute,
  SupportTicketRoute,
} from './support.contract';
import { requireTicket, supportTicketJson } from './support.presenter';

type Req = FastifyRequest & AuthenticatedRequest;

export const SupportNotify = narrowClient('notify', [
  'sendSupportRequest',
  'listSupportTickets',
  'getSupportTicket',
]);

/** Support requests of the caller (notify-svc). */
@Controller()
export class SupportController {
  constructor(@Inject(SupportNotify.token) private readonly notify: typeof SupportNotify.type) {}

  @Route(SendSupportRoute)
  async send(
    { body }: RouteInput<typeof SendSupportRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof SendSupportRoute>> {
    const content = body.attachment && Buffer.from(body.attachment.content_base64, 'base64');
    // notify-svc checks it too; over gRPC its refusal would read 400, the size rule says 413.
    if (content && content.length > MAX_ATTACHMENT_BYTES)
      throw new HttpException(
        {
          status: 'error',
          code: 'attachment_too_large',
          message: 'The attachment is larger than 5 MB',
        },
        413,
      );
    const res = await this.notify.sendSupportRequest(
      {
        caller: callerOf(request),
        subject: body.subject,
        message: body.message,
        attachment:
          body.attachment && content ? { filename: body.attachment.filename, content } : undefined,
      },
      callOptions(request),
    );
    return { ticket: supportTicketJson(requireTicket(res.ticket)) };
  }

  @Route(SupportHistoryRoute)
  async history(
    { query }: RouteInput<typeof SupportHistoryRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof SupportHistoryRoute>> {
    const res = await this.notify.listSupportTickets(
      { caller: callerOf(request), limit: query.limit, offset: query.offset },
      callOptions(request),
    );
    return { tickets: res.tickets.map(supportTicketJson), total: res.total };
  }

  @Route(SupportTicketRoute)
  async get(
    { params }: RouteInput<typeof SupportTicketRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof SupportTicketRoute>> {
    const res = await this.notify.getSupportTicket(
      { caller: callerOf(request), id: params.id },
      callOptions(request),
    );
    return { ticket: supportTicketJson(requireTicket(res.ticket)) };
  }
}
