import type { notify } from '@trafficshare/contracts';

import { usd } from '../common/units';
import type { PromoJson } from '../promo/promo.contract';
import type { AnnouncementJson, TelegramLinksJson } from './news.contract';

export function announcementJson(a: notify.Announcement): AnnouncementJson {
  return {
    id: a.id,
    title: a.title,
    description: a.description,
    image_url: a.imageUrl || null,
    link: a.link || null,
    created_at: a.createdAt,
    published_at: a.publishedAt || null,
    is_new: a.isNew,
  };
}

export function linksJson(l: notify.TelegramLinks | undefined): TelegramLinksJson {
  return { channel: l?.channel ?? '', chat: l?.chat ?? '' };
}

export function newsPromoJson(p: notify.NewsPromoCode): PromoJson {
  return {
    code: p.code,
    bonus_percent: p.bonusBasisPoints / 100,
    expires_at: p.expiresAt || null,
    is_active: p.isActive,
    max_bonus_usd: p.maxBonusMicroUsd ? usd(p.maxBonusMicroUsd) : null,
  };
}
