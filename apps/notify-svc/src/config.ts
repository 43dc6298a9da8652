import { z } from 'zod';

import {
  baseShape,
  infraShape,
  serviceShape,
  SERVICES,
  type ConfigOf,
  type ConfigSpec,
} from '@trafficshare/config';

import { botShape, telegramBotTokenSecret, telegramWebhookSecret } from './telegram/bot.config';

const shape = {
  ...baseShape,
  ...infraShape,
  ...serviceShape(SERVICES['notify-svc']),
  /**
   * How pushes leave: `sandbox` (default for development and `npm start`: an in-process server
   * speaking FCM's wire format receives them, and each push is logged), `emulator` (the server
   * at FCM_EMULATOR_ADDRESS, e.g. in tests), `live` (Google's FCM with FCM_SERVICE_ACCOUNT_JSON).
   */
  FCM_MODE: z.enum(['sandbox', 'emulator', 'live']).default('sandbox'),
  FCM_PROJECT_ID: z.string().min(1).default('trafficshare-dev'),
  /** host:port of a server speaking FCM HTTP v1 (FCM_MODE=emulator). */
  FCM_EMULATOR_ADDRESS: z.string().default(''),
  /** Service account JSON (FCM_MODE=live). */
  FCM_SERVICE_ACCOUNT_JSON: z.string().default(''),
  /** Global push rate in tokens per second. */
  PUSH_RATE_PER_S: z.coerce.number().int().min(1).max(100_000).default(1_000),
  /** How long POST /api/push/send waits for its job before answering its progress (below the
   *  gateway's deadline); the job goes on in the background. */
  PUSH_SEND_WAIT_MS: z.coerce.number().int().min(0).max(86_400_000).default(3_000),
  /** A running push job not advanced for this long (its replica stopped) is resumed by another. */
  PUSH_JOB_STALE_MS: z.coerce.number().int().min(2_000).max(3_600_000).default(60_000),
  /** How often queued notifications are pushed. */
  PUSH_DISPATCH_MS: z.coerce.number().int().min(20).max(60_000).default(500),
  /** How often the delivery queues' gauges (notify_queue_backlog, notify_queue_oldest_seconds)
   *  are measured. */
  QUEUE_WATCH_MS: z.coerce.number().int().min(100).max(600_000).default(15_000),
  /** Tokens not refreshed for this many days are dropped. */
  DEVICE_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  // --- News, scheduled notifications ---
  LEDGER_GRPC_URL: z.string().default(`127.0.0.1:${SERVICES['ledger-svc'].defaultGrpcPort}`),
  /** The official Telegram channel and chat (GET /api/telegram/links). */
  NEWS_TELEGRAM_CHANNEL_URL: z.string().url().default('https://t.me/trafficshare_news'),
  NEWS_TELEGRAM_CHAT_URL: z.string().url().default('https://t.me/trafficshare_chat'),
  /** Longest life of the cached news & promo answer (ledger publishes no promo event). */
  NEWS_PROMO_CACHE_S: z.coerce.number().int().min(1).max(3600).default(60),
  /** How often scheduled work runs: announcements due, earnings reports, session summaries. */
  SCHEDULER_TICK_MS: z.coerce.number().int().min(50).max(600_000).default(10_000),
  /** A silent session summary per running session at most this often (1–5 minutes). */
  SESSION_SUMMARY_S: z.coerce.number().int().min(1).max(300).default(60),
  ...botShape,
};

export const configSpec: ConfigSpec<typeof shape> = {
  app: 'notify-svc',
  shape,
  secrets: [telegramBotTokenSecret, telegramWebhookSecret],
};

export type AppConfig = ConfigOf<typeof shape>;
