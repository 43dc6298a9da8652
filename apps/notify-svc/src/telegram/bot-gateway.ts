import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';

import type { Logger } from '@trafficshare/observability';
import { CONFIG, LOGGER } from '@trafficshare/service-kit';

import type { AppConfig } from '../config';
import { FakeBotApiServer } from './fake-bot-api-server';
import { TelegramBot } from './telegram-bot';

/**
 * The one TelegramBot of notify-svc, by BOT_MODE: `live` talks to api.telegram.org (or
 * TELEGRAM_BOT_API_ROOT, a local Bot API server), `emulator` to TELEGRAM_BOT_API_ROOT, and
 * `sandbox` starts a FakeBotApiServer in process and logs every call it receives, so `npm start`
 * shows what the bot would have sent with no Telegram account.
 */
@Injectable()
export class BotGateway implements OnModuleDestroy {
  private starting: Promise<TelegramBot> | undefined;
  private sandbox: FakeBotApiServer | undefined;

  constructor(
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  bot(): Promise<TelegramBot> {
    this.starting ??= this.create();
    return this.starting;
  }

  /** The in-process fake Bot API of the sandbox (undefined in other modes). */
  get sandboxServer(): FakeBotApiServer | undefined {
    return this.sandbox;
  }

  async onModuleDestroy(): Promise<void> {
    await this.sandbox?.stop();
  }

  private async create(): Promise<TelegramBot> {
    const c = this.config;
    let apiRoot = c.TELEGRAM_BOT_API_ROOT;
    if (c.BOT_MODE === 'sandbox') {
      this.sandbox = new FakeBotApiServer(c.TELEGRAM_BOT_TOKEN, (call) => {
        if (call.method === 'getUpdates') return;
        this.logger.info(
          {
            method: call.method,
            chat_id: call.chatId,
            text: call.params.text ?? call.params.caption,
            files: call.files.map((f) => `${f.filename} (${f.bytes.length} B)`),
            status: call.status,
          },
          'sandbox bot call (BOT_MODE=sandbox: an in-process Bot API stand-in received it)',
        );
      });
      await this.sandbox.start();
      apiRoot = this.sandbox.url;
    } else if (c.BOT_MODE === 'emulator' && !apiRoot) {
      throw new Error('TELEGRAM_BOT_API_ROOT is required when BOT_MODE=emulator');
    }
    return new TelegramBot({
      token: c.TELEGRAM_BOT_TOKEN,
      apiRoot: apiRoot || undefined,
      maxRateLimitRetries: 2,
      maxInPlaceWaitS: 5,
    });
  }
}
