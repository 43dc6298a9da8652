import { Api, GrammyError, HttpError, InputFile } from 'grammy';

/** A file sent with sendPhoto / sendDocument (uploaded as multipart by grammY). */
export interface BotFile {
  readonly bytes: Buffer;
  readonly filename: string;
}

export interface BotSendOptions {
  /** Inline keyboard of URL buttons, one button per row. */
  readonly urlButtons?: readonly { text: string; url: string }[];
  /** Mini App buttons (open the Web App inside Telegram), one per row. */
  readonly webAppButtons?: readonly { text: string; url: string }[];
}

/**
 * What became of one call. `blocked`: Telegram will not deliver to this chat (the user blocked
 * the bot, the account is deactivated, the bot may not start the conversation) — the caller marks
 * the chat and stops sending to it. `retry`: a transient failure (network, 5xx, or a 429 whose
 * retry_after is longer than this adapter waits in place) — try again after `retryAfterS`.
 * `rejected`: Telegram refused the request itself (400): sending it again changes nothing.
 */
export type BotSendResult =
  | { readonly ok: true; readonly messageId: number }
  | { readonly ok: false; readonly kind: 'blocked'; readonly description: string }
  | {
      readonly ok: false;
      readonly kind: 'retry';
      readonly retryAfterS: number;
      readonly description: string;
    }
  | { readonly ok: false; readonly kind: 'rejected'; readonly description: string };

export interface TelegramBotOptions {
  readonly token: string;
  /** Bot API root without a trailing slash (default https://api.telegram.org). */
  readonly apiRoot?: string;
  /** How many times a 429 is waited out in place before the call gives up (`retry`). */
  readonly maxRateLimitRetries?: number;
  /** A 429 asking to wait longer than this is not waited out in place (`retry`). */
  readonly maxInPlaceWaitS?: number;
  readonly timeoutSeconds?: number;
  /** Injected for tests; defaults to setTimeout. */
  readonly sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

/** Telegram's 403 descriptions: each means this chat cannot be written to until the user acts. */
export const isUnreachable = (code: number): boolean => code === 403;

/**
 * The Telegram Bot API as notify-svc uses it, through grammY's client (`Api`) with a configurable
 * API root (a fake Bot API server in tests and the sandbox). Errors are mapped once, here:
 * 403 → `blocked`, 429 → waited out (retry_after, at most `maxRateLimitRetries` times and never
 * longer than `maxInPlaceWaitS`) then `retry`, network and 5xx → `retry`, other 4xx → `rejected`.
 * Nothing throws for a Telegram answer; the token never appears in a result or a log line
 * (grammY's sensitiveLogs stays off).
 */
export class TelegramBot {
  readonly api: Api;
  private readonly maxRetries: number;
  private readonly maxWaitS: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(options: TelegramBotOptions) {
    this.api = new Api(options.token, {
      apiRoot: options.apiRoot?.replace(/\/+$/, '') || 'https://api.telegram.org',
      timeoutSeconds: options.timeoutSeconds ?? 30,
      sensitiveLogs: false,
    });
    this.maxRetries = options.maxRateLimitRetries ?? 3;
    this.maxWaitS = options.maxInPlaceWaitS ?? 10;
    this.sleep = options.sleep ?? defaultSleep;
  }

  sendMessage(chatId: number, text: string, options: BotSendOptions = {}): Promise<BotSendResult> {
    return this.call(() =>
      this.api.sendMessage(chatId, text, {
        link_preview_options: { is_disabled: true },
        reply_markup: keyboard(options),
      }),
    );
  }

  sendPhoto(
    chatId: number,
    file: BotFile,
    caption: string,
    options: BotSendOptions = {},
  ): Promise<BotSendResult> {
    return this.call(() =>
      this.api.sendPhoto(chatId, new InputFile(file.bytes, file.filename), {
        caption: caption.slice(0, 1024),
        reply_markup: keyboard(options),
      }),
    );
  }

  sendDocument(
    chatId: number,
    file: BotFile,
    caption: string,
    options: BotSendOptions = {},
  ): Promise<BotSendResult> {
    return this.call(() =>
      this.api.sendDocument(chatId, new InputFile(file.bytes, file.filename), {
        caption: caption.slice(0, 1024),
        reply_markup: keyboard(options),
      }),
    );
  }

  private async call(send: () => Promise<{ message_id: number }>): Promise<BotSendResult> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        const message = await send();
        return { ok: true, messageId: message.message_id };
      } catch (err) {
        if (err instanceof GrammyError) {
          if (isUnreachable(err.error_code))
            return { ok: false, kind: 'blocked', description: err.description };
          if (err.error_code === 429) {
            const wait = Math.max(1, err.parameters?.retry_after ?? 1);
            if (attempt < this.maxRetries && wait <= this.maxWaitS) {
              await this.sleep(wait * 1000);
              continue;
            }
            return { ok: false, kind: 'retry', retryAfterS: wait, description: err.description };
          }
          if (err.error_code >= 500)
            return { ok: false, kind: 'retry', retryAfterS: 5, description: err.description };
          return { ok: false, kind: 'rejected', description: err.description };
        }
        if (err instanceof HttpError)
          return { ok: false, kind: 'retry', retryAfterS: 5, description: 'network error' };
        throw err;
      }
    }
  }
}

function keyboard(options: BotSendOptions) {
  const rows = [
    ...(options.urlButtons ?? []).map((b) => [{ text: b.text, url: b.url }]),
    ...(options.webAppButtons ?? []).map((b) => [{ text: b.text, web_app: { url: b.url } }]),
  ];
  return rows.length > 0 ? { inline_keyboard: rows } : undefined;
}
