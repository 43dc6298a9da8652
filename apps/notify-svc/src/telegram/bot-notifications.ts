import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import {
  NotificationsRepository,
  type NewNotification,
} from '../notifications/notifications.repository';
import { BOT_TEXTS } from './bot-texts';
import { BotRepository } from './bot.repository';

/** Notification types the bot always sends (the user's chat with the bot is their channel for
 *  them); every other type only to users who turned Telegram delivery on. */
const ALWAYS = new Set(['security', 'support']);

/**
 * Copies stored notifications to the bot's queue, in the transaction that stores them: security
 * alerts and support replies to every user, the rest to users with Telegram delivery on. Silent
 * notifications never go to Telegram. The copy's source key is the notification's id, so it is
 * queued once.
 */
@Injectable()
export class BotNotifications {
  constructor(
    notifications: NotificationsRepository,
    private readonly bot: BotRepository,
  ) {
    notifications.onAdded((m, added, now) => this.copy(m, added, now));
  }

  private async copy(
    m: EntityManager,
    added: readonly (NewNotification & { id: string })[],
    now: Date,
  ): Promise<void> {
    const visible = added.filter((n) => !n.silent);
    if (visible.length === 0) return;
    const optIn = await this.bot.deliveryOn(m, [
      ...new Set(visible.filter((n) => !ALWAYS.has(n.type)).map((n) => n.telegramId)),
    ]);
    await this.bot.enqueue(
      m,
      visible
        .filter((n) => ALWAYS.has(n.type) || optIn.has(n.telegramId))
        .map((n) => ({
          chatId: n.telegramId,
          audience: 'user' as const,
          text: BOT_TEXTS.notification(n.title, n.body),
          sourceKey: `notification:${n.id}`,
        })),
      now,
    );
  }
}
