import { z } from '../common/zod';
import { defineRoute } from '../contract/route-contract';

const BotSettingsSchema = z.strictObject({
  telegram_delivery: z
    .boolean()
    .describe(
      'Every notification also comes by the bot (security alerts and support replies always do)',
    ),
  bot_blocked: z
    .boolean()
    .describe('Telegram refused the last message: open the bot and press Start'),
  bot_link: z.string(),
});

export const TelegramWebhookRoute = defineRoute({
  method: 'POST',
  path: '/webhooks/telegram/:secret',
  tags: ['telegram'],
  access: 'public',
  rateLimit: { name: 'telegram_webhook', points: 1200, windowS: 60, by: 'ip' },
  summary:
    'Telegram Bot API updates (setWebhook with secret_token): the path secret and X-Telegram-Bot-Api-Secret-Token are checked',
  params: z.strictObject({ secret: z.string().max(256) }),
  envelope: false,
  response: z.strictObject({ status: z.literal('ok') }),
  errors: { 400: ['invalid_update'], 401: ['invalid_webhook_secret'] },
});

export const GetBotSettingsRoute = defineRoute({
  method: 'GET',
  path: '/api/notifications/telegram',
  tags: ['notifications'],
  access: 'user',
  summary: 'Whether the caller’s notifications also come by the Telegram bot',
  response: z.strictObject({ settings: BotSettingsSchema }),
});

export const SetBotSettingsRoute = defineRoute({
  method: 'PUT',
  path: '/api/notifications/telegram',
  tags: ['notifications'],
  access: 'user',
  rateLimit: { name: 'bot_settings', points: 20, windowS: 60, by: 'user' },
  summary: 'Turn Telegram delivery of the caller’s notifications on or off',
  body: z.strictObject({ telegram_delivery: z.boolean() }),
  response: z.strictObject({ settings: BotSettingsSchema }),
});
