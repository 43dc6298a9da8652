import { randomBytes } from 'node:crypto';

import { z } from 'zod';

import { telegramBotTokenSecret, type SecretSpec } from '@trafficshare/config';

export { telegramBotTokenSecret };

/** The secret Telegram sends back in X-Telegram-Bot-Api-Secret-Token (and the webhook path). */
export const telegramWebhookSecret: SecretSpec = {
  keys: ['TELEGRAM_WEBHOOK_SECRET'],
  generate: () => ({ TELEGRAM_WEBHOOK_SECRET: randomBytes(32).toString('base64url') }),
};

const minutes = (fallback: number) => z.coerce.number().int().min(1).max(10_080).default(fallback);

/** Telegram bot, support tickets and admin alerts (notify-svc). */
export const botShape = {
  /**
   * How the bot talks to Telegram: `sandbox` (default for development and `npm start`: an
   * in-process fake Bot API receives every call, each is logged, and updates are read by long
   * polling from it), `emulator` (the Bot API at TELEGRAM_BOT_API_ROOT, e.g. in tests), `live`
   * (api.telegram.org or TELEGRAM_BOT_API_ROOT; updates arrive on the gateway's webhook).
   */
  BOT_MODE: z.enum(['sandbox', 'emulator', 'live']).default('sandbox'),
  /** Bot API root without a trailing slash (emulator: required; live: a local Bot API server). */
  TELEGRAM_BOT_API_ROOT: z.string().default(''),
  TELEGRAM_BOT_TOKEN: z
    .string()
    .regex(/^\d+:[A-Za-z0-9_-]{30,}$/, 'must look like <bot id>:<secret>'),
  /** 1-256 of A-Z a-z 0-9 _ - (Telegram's rule for secret_token). */
  TELEGRAM_WEBHOOK_SECRET: z.string().regex(/^[A-Za-z0-9_-]{16,256}$/),
  /** Chat (group or channel id, negative) where admin alerts and support requests go; 0 = none
   *  (in the sandbox, 0 means the sandbox's own admin chat, so `npm start` shows them). */
  TELEGRAM_ADMIN_CHAT_ID: z.coerce.number().int().default(0),
  /** Language of the admin chat's messages (support requests, payout and filter alerts). */
  TELEGRAM_ADMIN_LANGUAGE: z.enum(['uz', 'ru', 'en']).default('en'),
  /** The bot's username (links https://t.me/<bot>; the same value as auth-svc's). */
  TELEGRAM_BOT_USERNAME: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9_]{3,31}$/, 'must be a Telegram bot username without @')
    .default('TrafficShareBot'),
  /** The Mini App's short name: the deep-link reply opens https://t.me/<bot>/<app>?startapp=ref_<code>. */
  TELEGRAM_MINIAPP_NAME: z
    .string()
    .regex(/^[A-Za-z0-9_]{3,30}$/)
    .default('app'),
  /** Updates: `webhook` (the gateway's POST /webhooks/telegram/<secret>) or `polling`
   *  (getUpdates; the sandbox default). */
  BOT_UPDATES: z.enum(['webhook', 'polling', 'off']).default('polling'),
  /** With BOT_UPDATES=webhook: the gateway's public https origin; notify-svc then calls
   *  setWebhook(<origin>/webhooks/telegram/<secret>, secret_token) at start. Unset: set it by hand. */
  TELEGRAM_WEBHOOK_BASE_URL: z
    .string()
    .regex(/^(https:\/\/[^/\s]+)?$/, 'must be an https origin')
    .default(''),
  /** Bot messages per second (Telegram allows about 30 per second per bot). */
  BOT_RATE_PER_S: z.coerce.number().int().min(1).max(30).default(25),
  /** How often the bot's queue is drained. */
  BOT_DISPATCH_MS: z.coerce.number().int().min(20).max(60_000).default(500),
  /** Attempts per bot message before it is given up (failed). */
  BOT_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(6),
  /** Where support attachments are stored: a local directory or an S3-compatible bucket. */
  SUPPORT_STORAGE: z.enum(['local', 's3']).default('local'),
  SUPPORT_STORAGE_DIR: z.string().min(1).default('.data/support'),
  /**
   * S3-compatible storage (SUPPORT_STORAGE=s3) as one URL, so the startup log masks the secret
   * key like any URL password: `https://<access key>:<secret key>@<host>/<bucket>?region=<region>`
   * (path-style; AWS S3, MinIO, R2…).
   */
  SUPPORT_S3_URL: z.string().default(''),
  /** One support request per user per this many seconds (admins are exempt). */
  SUPPORT_RATE_LIMIT_S: z.coerce.number().int().min(0).max(3_600).default(30),
  /** A payout still processing after this many minutes is reported to the admin chat. */
  PAYOUT_STUCK_AFTER_MIN: minutes(30),
  /** Filter spike: at least FILTER_SPIKE_MIN_DENIED denied STARTs within the window, making
   *  at least FILTER_SPIKE_DENY_PERCENT of the window's decisions. */
  FILTER_SPIKE_WINDOW_MIN: minutes(5),
  FILTER_SPIKE_MIN_DENIED: z.coerce.number().int().min(1).default(50),
  FILTER_SPIKE_DENY_PERCENT: z.coerce.number().int().min(1).max(100).default(50),
  /** How often the stuck-payout and filter-spike checks run. */
  ADMIN_ALERT_CHECK_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000),
};

/** The sandbox's stand-in admin chat (a supergroup id). */
export const SANDBOX_ADMIN_CHAT_ID = -1_000_000_000_001;

/** Where admin messages go: the configured chat, the sandbox's in the sandbox, or nowhere (0). */
export function adminChatOf(config: {
  readonly BOT_MODE: string;
  readonly TELEGRAM_ADMIN_CHAT_ID: number;
}): number {
  if (config.TELEGRAM_ADMIN_CHAT_ID !== 0) return config.TELEGRAM_ADMIN_CHAT_ID;
  return config.BOT_MODE === 'sandbox' ? SANDBOX_ADMIN_CHAT_ID : 0;
}
