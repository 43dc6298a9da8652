import { queryInt, z } from '../common/zod';
import { defineRoute } from '../contract/route-contract';
import { PromoSchema } from '../promo/promo.contract';

const user = { tags: ['news'], access: 'user' } as const;

export const AnnouncementSchema = z.strictObject({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  image_url: z.string().nullable(),
  link: z.string().nullable(),
  created_at: z.string(),
  published_at: z.string().nullable().describe('null while scheduled (admin lists only)'),
  is_new: z.boolean().describe('Published within the last 24 hours'),
});
export type AnnouncementJson = z.input<typeof AnnouncementSchema>;

export const TelegramLinksSchema = z.strictObject({
  channel: z.string().describe('The official channel'),
  chat: z.string().describe('The community chat'),
});
export type TelegramLinksJson = z.input<typeof TelegramLinksSchema>;

export const AnnouncementsRoute = defineRoute({
  ...user,
  method: 'GET',
  path: '/api/announcements',
  summary: 'Published announcements, newest first (`is_new`: within the last 24 h)',
  query: z.strictObject({
    limit: queryInt(1, 100).default(20),
    offset: queryInt(0, 100_000).default(0),
  }),
  response: z.strictObject({
    announcements: z.array(AnnouncementSchema),
    total: z.number().int(),
  }),
});

export const TelegramLinksRoute = defineRoute({
  ...user,
  method: 'GET',
  path: '/api/telegram/links',
  summary: 'The official Telegram channel and chat links',
  response: z.strictObject({ telegram_links: TelegramLinksSchema }),
});

export const NewsPromoRoute = defineRoute({
  ...user,
  method: 'GET',
  path: '/api/news_promo',
  rateLimit: { name: 'news_promo', points: 30, windowS: 60, by: 'user' },
  summary: 'The news & promo page in one answer: Telegram links, announcements, active promo codes',
  description:
    'Cached (Redis): an announcement change shows at once, a promo code change within NEWS_PROMO_CACHE_S (60 s by default). When ledger-svc cannot answer, `promo` is empty and the answer is not cached.',
  response: z.strictObject({
    telegram_links: TelegramLinksSchema,
    announcements: z.array(AnnouncementSchema),
    promo: z.array(PromoSchema),
  }),
});
