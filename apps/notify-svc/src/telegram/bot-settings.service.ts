import { Inject, Injectable } from '@nestjs/common';

import type { notify } from '@trafficshare/contracts';
import { callerOf } from '@trafficshare/identity';
import { CONFIG } from '@trafficshare/service-kit';

import type { AppConfig } from '../config';
import { BotRepository } from './bot.repository';

/** A user's Telegram delivery switch and whether the bot can reach them (their own only). */
@Injectable()
export class BotSettingsService {
  constructor(
    private readonly repo: BotRepository,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  async get(req: notify.GetBotSettingsRequest): Promise<notify.GetBotSettingsResponse> {
    return { settings: await this.settings(callerOf(req.caller).telegramId) };
  }

  async set(req: notify.SetBotSettingsRequest): Promise<notify.SetBotSettingsResponse> {
    const caller = callerOf(req.caller);
    await this.repo.setDelivery(caller.telegramId, req.telegramDelivery, new Date());
    return { settings: await this.settings(caller.telegramId) };
  }

  private async settings(owner: number): Promise<notify.BotSettings> {
    const chat = await this.repo.chat(owner);
    return {
      telegramDelivery: chat?.telegramDelivery ?? false,
      botBlocked: chat?.blockedAt != null,
      botLink: `https://t.me/${this.config.TELEGRAM_BOT_USERNAME}`,
    };
  }
}
