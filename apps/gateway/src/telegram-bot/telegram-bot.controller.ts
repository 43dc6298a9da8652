import { Controller, Inject, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

import type { notify } from '@trafficshare/contracts';

import type { AuthenticatedRequest } from '../auth/auth.types';
import { callOptions } from '../common/call-options';
import { callerOf } from '../common/caller';
import type { RouteInput, RouteReply } from '../contract/route-contract';
import { Route } from '../contract/route.decorator';
import { narrowClient } from '../grpc-clients/narrow-client';
import { rawBodyOf } from '../http/body-parser';
import {
  GetBotSettingsRoute,
  SetBotSettingsRoute,
  TelegramWebhookRoute,
} from './telegram-bot.contract';

type Req = FastifyRequest & AuthenticatedRequest;

export const TelegramBotNotify = narrowClient('notify', [
  'handleBotUpdate',
  'getBotSettings',
  'setBotSettings',
]);

const settingsJson = (s: notify.BotSettings | undefined) => ({
  telegram_delivery: s?.telegramDelivery ?? false,
  bot_blocked: s?.botBlocked ?? false,
  bot_link: s?.botLink ?? '',
});

/** The Telegram bot's webhook and the user's Telegram delivery switch (notify-svc). */
@Controller()
export class TelegramBotController {
  constructor(
    @Inject(TelegramBotNotify.token) private readonly notify: typeof TelegramBotNotify.type,
  ) {}

  @Route(TelegramWebhookRoute)
  async webhook(
    { params }: RouteInput<typeof TelegramWebhookRoute>,
    @Req() request: FastifyRequest,
  ): Promise<RouteReply<typeof TelegramWebhookRoute>> {
    const header = request.headers['x-telegram-bot-api-secret-token'];
    await this.notify.handleBotUpdate(
      {
        pathSecret: params.secret,
        headerSecret: typeof header === 'string' ? header : '',
        rawBody: Buffer.from(rawBodyOf(request) ?? '', 'utf8'),
      },
      callOptions(request),
    );
    return { status: 'ok' };
  }

  @Route(GetBotSettingsRoute)
  async settings(
    _input: RouteInput<typeof GetBotSettingsRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof GetBotSettingsRoute>> {
    const res = await this.notify.getBotSettings(
      { caller: callerOf(request) },
      callOptions(request),
    );
    return { settings: settingsJson(res.settings) };
  }

  @Route(SetBotSettingsRoute)
  async set(
    { body }: RouteInput<typeof SetBotSettingsRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof SetBotSettingsRoute>> {
    const res = await this.notify.setBotSettings(
      { caller: callerOf(request), telegramDelivery: body.telegram_delivery },
      callOptions(request),
    );
    return { settings: settingsJson(res.settings) };
  }
}
