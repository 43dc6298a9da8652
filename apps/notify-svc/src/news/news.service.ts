import { randomUUID } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';

import { type common, notify } from '@trafficshare/contracts';
import { callerOf, requireRole } from '@trafficshare/identity';
import type { Logger } from '@trafficshare/observability';
import { CONFIG, LOGGER, REDIS } from '@trafficshare/service-kit';

import { NotifyAdminAudit } from '../common/admin-audit';
import { NotifyErrorCode as Code, NotifyException } from '../common/notify.exception';
import type { AppConfig } from '../config';
import { LedgerPromos } from './ledger-promos';
import { AnnouncementsRepository, type AnnouncementRow } from './announcements.repository';
import { NewsPublisher } from './news-publisher';

const DAY_MS = 86_400_000;
const FEED_LIMIT = 50;
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const CONTROL_LINE = /[\u0000-\u001f\u007f]/;
// eslint-disable-next-line no-control-regex -- a description may have line breaks, nothing else
const CONTROL_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** Redis keys of the cached news & promo answer: a version bumped on every change, and the
 *  answer built at a version (a reader that built from older data writes under the old key). */
export const NEWS_PROMO_VERSION_KEY = 'news:promo:version';
export const newsPromoKey = (version: string): string => `news:promo:v${version}`;

interface CachedNewsPromo {
  readonly links: notify.TelegramLinks;
  readonly announcements: notify.Announcement[];
  readonly promo: notify.NewsPromoCode[];
  readonly builtAt: string;
}

const iso = (d: Date | null): string => (d ? new Date(d).toISOString() : '');

export function toAnnouncement(a: AnnouncementRow, now: Date): notify.Announcement {
  const visible = new Date(a.visible_at);
  return {
    id: a.id,
    title: a.title,
    description: a.description,
    imageUrl: a.image_url,
    link: a.link,
    createdAt: iso(a.created_at),
    publishAt: iso(a.publish_at),
    publishedAt: visible <= now ? visible.toISOString() : '',
    push: a.push,
    isNew: isNew(visible, now),
    updatedAt: iso(a.updated_at),
  };
}

/** Published within the last 24 hours (and already visible). */
const isNew = (visibleAt: Date, now: Date): boolean =>
  visibleAt.getTime() <= now.getTime() && now.getTime() - visibleAt.getTime() < DAY_MS;

function line(value: string, field: string, max: number, required: boolean): string {
  const v = value.trim();
  if ((required && !v) || v.length > max || CONTROL_LINE.test(v))
    throw new NotifyException(
      Code.InvalidAnnouncement,
      `${field} must be ${required ? '1' : '0'}-${max} printable characters`,
    );
  return v;
}

function url(value: string, field: string): string {
  const v = line(value, field, 500, false);
  if (!v) return v;
  let parsed: URL;
  try {
    parsed = new URL(v);
  } catch {
    throw new NotifyException(Code.InvalidAnnouncement, `${field} must be an https URL`);
  }
  if (parsed.protocol !== 'https:')
    throw new NotifyException(Code.InvalidAnnouncement, `${field} must be an https URL`);
  return v;
}

function description(value: string): string {
  const v = value.trim();
  if (!v || v.length > 5000 || CONTROL_TEXT.test(v))
    throw new NotifyException(
      Code.InvalidAnnouncement,
      'description must be 1-5000 characters (line breaks allowed)',
    );
  return v;
}

function when(value: string): Date | null {
  if (!value) return null;
  const d = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(d.getTime()))
    throw new NotifyException(Code.InvalidAnnouncement, 'publish_at must be an ISO-8601 time');
  return d;
}

const ANNOUNCEMENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Announcements (admin create/list/update/delete, the user's feed), the Telegram links, and the
 * news & promo page: links + visible announcements + active promo codes (asked from ledger-svc)
 * in one answer cached in Redis. The cache is dropped on every announcement change; ledger-svc
 * publishes no promo event, so a promo change shows within NEWS_PROMO_CACHE_S at most, and an
 * answer never outlives the moment the next scheduled announcement becomes visible.
 */
@Injectable()
export class NewsService {
  constructor(
    private readonly announcements: AnnouncementsRepository,
    private readonly publisher: NewsPublisher,
    private readonly ledger: LedgerPromos,
    private readonly audit: NotifyAdminAudit,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async create(req: notify.CreateAnnouncementRequest): Promise<notify.Announcement> {
    const caller = callerOf(req.caller);
    requireRole(caller, 'superadmin');
    const now = new Date();
    const row = await this.announcements.transaction(async (m) => {
      const created = await this.announcements.insert(
        m,
        {
          id: randomUUID(),
          title: line(req.title, 'title', 255, true),
          description: description(req.description),
          imageUrl: url(req.imageUrl, 'image_url'),
          link: url(req.link, 'link'),
          push: req.push,
          publishAt: when(req.publishAt),
          createdBy: caller.telegramId,
        },
        now,
      );
      await this.audit.record(m, caller, 'news.create', `announcement:${created.id}`, {
        title: created.title,
        push: created.push,
        publish_at: iso(created.publish_at),
      });
      // Visible at once: published (and pushed) in this transaction.
      await this.publisher.publishDue(m, now);
      return created;
    });
    await this.invalidate();
    return toAnnouncement(row, now);
  }

  async update(req: notify.UpdateAnnouncementRequest): Promise<notify.Announcement> {
    const caller = callerOf(req.caller);
    requireRole(caller, 'superadmin');
    const id = this.id(req.id);
    const now = new Date();
    const row = await this.announcements.transaction(async (m) => {
      const updated = await this.announcements.update(
        m,
        id,
        {
          title: req.title === undefined ? undefined : line(req.title, 'title', 255, true),
          description: req.description === undefined ? undefined : description(req.description),
          imageUrl: req.imageUrl === undefined ? undefined : url(req.imageUrl, 'image_url'),
          link: req.link === undefined ? undefined : url(req.link, 'link'),
          publishAt: req.publishAt === undefined ? undefined : when(req.publishAt),
        },
        now,
      );
      if (!updated) throw new NotifyException(Code.AnnouncementNotFound, 'No such announcement');
      const changed = (['title', 'description', 'imageUrl', 'link', 'publishAt'] as const).filter(
        (k) => req[k] !== undefined,
      );
      await this.audit.record(m, caller, 'news.update', `announcement:${id}`, {
        title: updated.title,
        changed: changed.join(','),
      });
      await this.publisher.publishDue(m, now);
      return updated;
    });
    await this.invalidate();
    return toAnnouncement(row, now);
  }

  async remove(req: notify.DeleteAnnouncementRequest): Promise<boolean> {
    const caller = callerOf(req.caller);
    requireRole(caller, 'superadmin');
    const id = this.id(req.id);
    const deleted = await this.announcements.transaction(async (m) => {
      const removed = await this.announcements.remove(m, id);
      if (removed) await this.audit.record(m, caller, 'news.delete', `announcement:${id}`);
      return removed;
    });
    if (!deleted) throw new NotifyException(Code.AnnouncementNotFound, 'No such announcement');
    await this.invalidate();
    return true;
  }

  async listAdmin(
    req: notify.ListAnnouncementsAdminRequest,
  ): Promise<notify.ListAnnouncementsAdminResponse> {
    requireRole(callerOf(req.caller), 'superadmin');
    const now = new Date();
    const page = await this.announcements.listAll(
      clamp(req.limit, 20, 100),
      Math.max(0, req.offset),
    );
    return { announcements: page.rows.map((a) => toAnnouncement(a, now)), total: page.total };
  }

  async list(req: notify.ListAnnouncementsRequest): Promise<notify.ListAnnouncementsResponse> {
    callerOf(req.caller);
    const now = new Date();
    const page = await this.announcements.listVisible(
      now,
      clamp(req.limit, 20, 100),
      Math.max(0, req.offset),
    );
    return { announcements: page.rows.map((a) => toAnnouncement(a, now)), total: page.total };
  }

  links(caller: common.Caller | undefined): notify.TelegramLinks {
    callerOf(caller);
    return {
      channel: this.config.NEWS_TELEGRAM_CHANNEL_URL,
      chat: this.config.NEWS_TELEGRAM_CHAT_URL,
    };
  }

  async newsPromo(req: notify.GetNewsPromoRequest): Promise<notify.GetNewsPromoResponse> {
    const links = this.links(req.caller);
    const now = new Date();
    const version = (await this.redis.get(NEWS_PROMO_VERSION_KEY)) ?? '0';
    const key = newsPromoKey(version);
    const hit = await this.redis.get(key);
    let cached: CachedNewsPromo | undefined = hit
      ? (JSON.parse(hit) as CachedNewsPromo)
      : undefined;
    if (!cached) {
      const [feed, promo, next] = await Promise.all([
        this.announcements.listVisible(now, FEED_LIMIT, 0),
        this.promos(req.caller),
        this.announcements.nextVisibleAfter(now),
      ]);
      cached = {
        links,
        announcements: feed.rows.map((a) => toAnnouncement(a, now)),
        promo: promo ?? [],
        builtAt: now.toISOString(),
      };
      // A partial answer (ledger unreachable) is served but not cached.
      if (promo) {
        const untilNext = next ? Math.ceil((next.getTime() - now.getTime()) / 1000) : Infinity;
        const ttl = Math.max(1, Math.min(this.config.NEWS_PROMO_CACHE_S, untilNext));
        await this.redis.set(key, JSON.stringify(cached), 'EX', ttl);
      }
    }
    return {
      telegramLinks: links,
      // is_new is computed per answer (the cached copy may be older than the answer).
      announcements: cached.announcements.map((a) => ({
        ...a,
        isNew: a.publishedAt ? isNew(new Date(a.publishedAt), now) : false,
      })),
      promo: cached.promo,
      builtAt: cached.builtAt,
    };
  }

  /** Drops the cached news & promo answer (every replica reads the new version). */
  async invalidate(): Promise<void> {
    try {
      await this.redis.incr(NEWS_PROMO_VERSION_KEY);
    } catch (err) {
      this.logger.warn({ err }, 'news cache invalidation failed; the answer expires on its TTL');
    }
  }

  private async promos(
    caller: common.Caller | undefined,
  ): Promise<notify.NewsPromoCode[] | undefined> {
    try {
      const res = await this.ledger.activePromos(caller);
      return res.map((p) => ({
        code: p.code,
        bonusBasisPoints: p.bonusBasisPoints,
        expiresAt: p.expiresAt,
        isActive: p.isActive,
        maxBonusMicroUsd: p.maxBonusMicroUsd,
      }));
    } catch (err) {
      this.logger.warn({ err }, 'ledger promo codes unavailable; news answered without them');
      return undefined;
    }
  }

  private id(value: string): string {
    if (!ANNOUNCEMENT_ID.test(value))
      throw new NotifyException(Code.AnnouncementNotFound, 'No such announcement');
    return value;
  }
}

function clamp(value: number, fallback: number, max: number): number {
  return Math.min(Math.max(value || fallback, 1), max);
}
