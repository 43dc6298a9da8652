import { createHash, timingSafeEqual } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';

import { isUserId } from '@trafficshare/identity';
import type { Logger } from '@trafficshare/observability';
import { CONFIG, LOGGER } from '@trafficshare/service-kit';

import { asLanguage } from '../common/catalogue';
import { NotifyErrorCode as Code, NotifyException } from '../common/notify.exception';
import type { AppConfig } from '../config';
import { RecipientsRepository } from '../recipients/recipients.repository';
import { BotGateway } from './bot-gateway';
import { BOT_TEXTS } from './bot-texts';
import { BotRepository } from './bot.repository';

/** The parts of a Telegram Update the bot reads. */
export interface BotUpdate {
  readonly update_id: number;
  readonly message?: {
    readonly chat?: { readonly id?: number; readonly type?: string };
    readonly from?: { readonly id?: number; readonly language_code?: string };
    readonly text?: string;
  };
  readonly my_chat_member?: {
    readonly chat?: { readonly id?: number; readonly type?: string };
    readonly new_chat_member?: { readonly status?: string };
  };
}

const START = /^\/start(?:@[A-Za-z0-9_]+)?(?:\s+(\S+))?\s*$/;
const REF = /^ref_([A-Za-z0-9_-]{1,64})$/;
const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/**
 * What users send the bot: `/start` (optionally `ref_<code>` from a referral deep link) is
 * answered with a welcome in the user's language and a button opening the Mini App (carrying
 * `startapp=ref_<code>`, which reaches the app as start_param and attributes the referral at the
 * first login); a user who blocks or unblocks the bot (my_chat_member) is marked. Replies go
 * through the bot's queue keyed by the update id, so a redelivered update is answered once.
 * Updates come from the gateway's webhook (secret checked here) or, with BOT_UPDATES=polling,
 * from getUpdates.
 */
@Injectable()
export class BotUpdates implements OnModuleInit, OnModuleDestroy {
  private polling = false;
  private loop: Promise<void> | undefined;
  private abort = new AbortController();

  constructor(
    private readonly repo: BotRepository,
    private readonly recipients: RecipientsRepository,
    private readonly gateway: BotGateway,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    if (this.config.BOT_UPDATES === 'webhook' && this.config.TELEGRAM_WEBHOOK_BASE_URL)
      void this.registerWebhook();
    if (this.config.BOT_UPDATES !== 'polling') return;
    this.polling = true;
    this.loop = this.poll();
  }

  /** Points Telegram at the gateway's webhook (idempotent; every replica may do it). */
  private async registerWebhook(): Promise<void> {
    const c = this.config;
    try {
      const bot = await this.gateway.bot();
      await bot.api.setWebhook(
        `${c.TELEGRAM_WEBHOOK_BASE_URL}/webhooks/telegram/${c.TELEGRAM_WEBHOOK_SECRET}`,
        { secret_token: c.TELEGRAM_WEBHOOK_SECRET, allowed_updates: ['message', 'my_chat_member'] },
      );
      this.logger.info({ base: c.TELEGRAM_WEBHOOK_BASE_URL }, 'bot webhook registered');
    } catch (err) {
      this.logger.error({ err: (err as Error).message }, 'bot setWebhook failed; set it by hand');
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.polling = false;
    this.abort.abort();
    await this.loop;
  }

  /** An update from the webhook: both secrets (path and header) are compared in constant time. */
  async fromWebhook(pathSecret: string, headerSecret: string, rawBody: Buffer): Promise<void> {
    const expected = digest(this.config.TELEGRAM_WEBHOOK_SECRET);
    const pathOk = timingSafeEqual(digest(pathSecret), expected);
    const headerOk = timingSafeEqual(digest(headerSecret), expected);
    if (!pathOk || !headerOk)
      throw new NotifyException(Code.InvalidWebhookSecret, 'The webhook secret does not match');
    let update: BotUpdate;
    try {
      update = JSON.parse(rawBody.toString('utf8')) as BotUpdate;
    } catch {
      throw new NotifyException(Code.InvalidUpdate, 'The update is not JSON');
    }
    if (!update || typeof update !== 'object' || !Number.isSafeInteger(update.update_id))
      throw new NotifyException(Code.InvalidUpdate, 'The update has no update_id');
    await this.handle(update);
  }

  async handle(update: BotUpdate): Promise<void> {
    const now = new Date();
    const member = update.my_chat_member;
    if (member?.chat?.type === 'private' && isUserId(member.chat.id)) {
      const chatId = member.chat.id;
      const status = member.new_chat_member?.status;
      await this.repo.transaction((m) =>
        status === 'kicked'
          ? this.repo.markBlocked(m, chatId, 'user blocked the bot (my_chat_member)', now)
          : status === 'member'
            ? this.repo.markStarted(m, chatId, now)
            : Promise.resolve(),
      );
      return;
    }
    const message = update.message;
    const chatId = message?.chat?.id;
    if (message?.chat?.type !== 'private' || !isUserId(chatId)) return;
    const start = START.exec(message.text ?? '');
    if (!start) return;
    const code = REF.exec(start[1] ?? '')?.[1];
    await this.repo.transaction(async (m) => {
      await this.repo.markStarted(m, chatId, now);
      const known = (await this.recipients.languages(m, [chatId])).get(chatId);
      const lang = known ?? asLanguage(message.from?.language_code?.slice(0, 2));
      const text = BOT_TEXTS.welcome(lang, code !== undefined);
      await this.repo.enqueue(
        m,
        [
          {
            chatId,
            audience: 'user',
            text: text.text,
            buttons: [{ text: text.button, url: this.miniAppLink(code) }],
            sourceKey: `update:${update.update_id}`,
          },
        ],
        now,
      );
    });
  }

  /** The Mini App link; a referral code rides along as startapp=ref_<code>. */
  miniAppLink(code: string | undefined): string {
    const c = this.config;
    const link = `https://t.me/${c.TELEGRAM_BOT_USERNAME}/${c.TELEGRAM_MINIAPP_NAME}`;
    return code ? `${link}?startapp=ref_${code}` : link;
  }

  private async poll(): Promise<void> {
    let offset = 0;
    while (this.polling) {
      try {
        const bot = await this.gateway.bot();
        const updates = await bot.api.getUpdates(
          { offset, timeout: 20, allowed_updates: ['message', 'my_chat_member'] },
          // grammY types the signal with its own AbortSignal shim; Node's is what it uses.
          this.abort.signal as unknown as Parameters<typeof bot.api.getUpdates>[1],
        );
        for (const update of updates) {
          await this.handle(update);
          offset = update.update_id + 1;
        }
      } catch (err) {
        if (!this.polling) return;
        this.logger.warn({ err: (err as Error).message }, 'bot getUpdates failed; retrying');
        // A pause the shutdown cuts short.
        await sleep(2_000, undefined, { signal: this.abort.signal }).catch(() => undefined);
      }
    }
  }
}
