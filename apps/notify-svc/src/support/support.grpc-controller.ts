import { Controller } from '@nestjs/common';

import { notify } from '@trafficshare/contracts';
import { GrpcMethods } from '@trafficshare/grpc';

import { BotSettingsService } from '../telegram/bot-settings.service';
import { BotUpdates } from '../telegram/bot-updates';
import { SupportService } from './support.service';

/** NotifyService: support tickets, the bot's webhook and the user's Telegram delivery. */
@Controller()
@GrpcMethods(notify.NOTIFY_SERVICE_NAME)
export class SupportGrpcController implements Pick<
  notify.NotifyServiceController,
  | 'sendSupportRequest'
  | 'listSupportTickets'
  | 'getSupportTicket'
  | 'adminListSupportTickets'
  | 'replySupportTicket'
  | 'closeSupportTicket'
  | 'handleBotUpdate'
  | 'getBotSettings'
  | 'setBotSettings'
> {
  constructor(
    private readonly support: SupportService,
    private readonly updates: BotUpdates,
    private readonly botSettings: BotSettingsService,
  ) {}

  sendSupportRequest(
    req: notify.SendSupportRequestRequest,
  ): Promise<notify.SendSupportRequestResponse> {
    return this.support.send(req);
  }

  listSupportTickets(
    req: notify.ListSupportTicketsRequest,
  ): Promise<notify.ListSupportTicketsResponse> {
    return this.support.history(req);
  }

  getSupportTicket(req: notify.GetSupportTicketRequest): Promise<notify.GetSupportTicketResponse> {
    return this.support.get(req);
  }

  adminListSupportTickets(
    req: notify.AdminListSupportTicketsRequest,
  ): Promise<notify.AdminListSupportTicketsResponse> {
    return this.support.adminList(req);
  }

  replySupportTicket(
    req: notify.ReplySupportTicketRequest,
  ): Promise<notify.ReplySupportTicketResponse> {
    return this.support.reply(req);
  }

  closeSupportTicket(
    req: notify.CloseSupportTicketRequest,
  ): Promise<notify.CloseSupportTicketResponse> {
    return this.support.close(req);
  }

  async handleBotUpdate(
    req: notify.HandleBotUpdateRequest,
  ): Promise<notify.HandleBotUpdateResponse> {
    await this.updates.fromWebhook(req.pathSecret, req.headerSecret, Buffer.from(req.rawBody));
    return {};
  }

  getBotSettings(req: notify.GetBotSettingsRequest): Promise<notify.GetBotSettingsResponse> {
    return this.botSettings.get(req);
  }

  setBotSettings(req: notify.SetBotSettingsRequest): Promise<notify.SetBotSettingsResponse> {
    return this.botSettings.set(req);
  }
}
