import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';

import type { Logger } from '@trafficshare/observability';
import { CONFIG, LOGGER, Periodic } from '@trafficshare/service-kit';

import type { AppConfig } from '../config';
import { SupportStorage } from '../support/support-storage';
import { BotGateway } from './bot-gateway';
import { botChatsBlocked, botMessages } from './bot.metrics';
import { BotRepository, type BotMessageRow } from './bot.repository';
import type { BotSendResult } from './telegram-bot';

const CLAIM = 30;

/** Back-off after the n-th failed attempt: 5 s, 10 s, 20 s … capped at 10 min. */
const backoffS = (attempt: number): number => Math.min(600, 5 * 2 ** Math.max(0, attempt - 1));

/**
 * Drains the bot's queue every BOT_DISPATCH_MS at BOT_RATE_PER_S messages per second. Telegram's
 * answers decide each message: sent; the user blocked the bot or the account is gone (403) → the
 * chat is marked blocked and this and every later message to it is skipped (a /start unblocks);
 * 429 and network failures → tried again after retry_after or a back-off, at most
 * BOT_MAX_ATTEMPTS times in all, then failed; refused (400) → failed at once. A crash between the
 * send and the commit sends that message again: a message may arrive twice, never get lost.
 */
@Injectable()
export class BotDispatcher implements OnModuleInit, OnModuleDestroy {
  private readonly periodic: Periodic;
  private nextSlot = 0;

  constructor(
    private readonly repo: BotRepository,
    private readonly gateway: BotGateway,
    private readonly storage: SupportStorage,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.periodic = new Periodic(
      () => this.tick(),
      config.BOT_DISPATCH_MS,
      (err) => logger.error({ err }, 'bot dispatch failed; retrying'),
    );
  }

  onModuleInit(): void {
    this.periodic.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.periodic.stop();
  }

  async tick(): Promise<void> {
    while ((await this.dispatch()) === CLAIM) {
      /* a full page: more may be due */
    }
  }

  /** One page of due messages; resolves with how many it took. */
  dispatch(): Promise<number> {
    return this.repo.transaction(async (m) => {
      const due = await this.repo.claimDue(m, CLAIM, new Date());
      if (due.length === 0) return 0;
      const blocked = await this.repo.blocked(
        m,
        due.filter((d) => d.audience === 'user').map((d) => Number(d.chat_id)),
      );
      for (const message of due) {
        const chatId = Number(message.chat_id);
        if (message.audience === 'user' && blocked.has(chatId)) {
          await this.repo.settle(m, message.id, { status: 'skipped', error: 'bot_blocked' });
          botMessages.inc({ audience: message.audience, outcome: 'skipped_blocked' });
          continue;
        }
        await this.pace();
        const result = await this.send(message);
        if (result.ok) {
          await this.repo.settle(m, message.id, { status: 'sent', at: new Date() });
          botMessages.inc({ audience: message.audience, outcome: 'sent' });
        } else if (result.kind === 'blocked' && message.audience === 'user') {
          blocked.add(chatId);
          await this.repo.markBlocked(m, chatId, result.description, new Date());
          await this.repo.settle(m, message.id, { status: 'skipped', error: 'bot_blocked' });
          botMessages.inc({ audience: message.audience, outcome: 'skipped_blocked' });
          botChatsBlocked.inc();
          this.logger.info({ chat_id: chatId }, 'user unreachable by the bot; marked bot_blocked');
        } else if (result.kind === 'retry' && message.attempts + 1 < this.config.BOT_MAX_ATTEMPTS) {
          const waitS = Math.max(result.retryAfterS, backoffS(message.attempts + 1));
          await this.repo.settle(m, message.id, {
            status: 'queued',
            error: result.description,
            next: new Date(Date.now() + waitS * 1000),
          });
          botMessages.inc({ audience: message.audience, outcome: 'retried' });
        } else {
          await this.repo.settle(m, message.id, { status: 'failed', error: result.description });
          botMessages.inc({ audience: message.audience, outcome: 'failed' });
          this.logger.warn(
            { message_id: message.id, audience: message.audience, error: result.description },
            'bot message given up',
          );
        }
      }
      return due.length;
    });
  }

  private async send(message: BotMessageRow): Promise<BotSendResult> {
    const bot = await this.gateway.bot();
    const chatId = Number(message.chat_id);
    const options = { urlButtons: message.buttons };
    if (!message.file_key || !message.file_kind)
      return bot.sendMessage(chatId, message.text, options);
    let bytes: Buffer;
    try {
      bytes = await this.storage.get(message.file_key);
    } catch {
      return { ok: false, kind: 'rejected', description: 'attachment missing from storage' };
    }
    const file = { bytes, filename: message.file_name ?? 'attachment' };
    return message.file_kind === 'photo'
      ? bot.sendPhoto(chatId, file, message.text, options)
      : bot.sendDocument(chatId, file, message.text, options);
  }

  /** BOT_RATE_PER_S across this replica's sends. */
  private async pace(): Promise<void> {
    const now = Date.now();
    const start = Math.max(now, this.nextSlot);
    this.nextSlot = start + 1000 / this.config.BOT_RATE_PER_S;
    if (start > now) await new Promise((resolve) => setTimeout(resolve, start - now));
  }
}
