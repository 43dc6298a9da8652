import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import type { Outbox } from '@trafficshare/messaging';
import { OUTBOX } from '@trafficshare/service-kit';

import { AnnouncementsRepository } from './announcements.repository';

const PAGE = 100;

/**
 * Publishes announcements as they become visible: AnnouncementPublished (through the outbox,
 * in the same transaction) for those the admin asked to push, then marks them handled, so each
 * is pushed once. Runs in the admin's transaction for an announcement visible at once, and on
 * the scheduler's tick for scheduled ones (rows locked with SKIP LOCKED: replicas share them).
 */
@Injectable()
export class NewsPublisher {
  constructor(
    private readonly announcements: AnnouncementsRepository,
    @Inject(OUTBOX) private readonly outbox: Outbox,
  ) {}

  /** Resolves with how many announcements it published. */
  async publishDue(m: EntityManager, now: Date): Promise<number> {
    const due = await this.announcements.claimDue(m, now, PAGE);
    for (const a of due.filter((d) => d.push))
      await this.outbox.add(m, 'AnnouncementPublished', {
        announcementId: a.id,
        title: a.title,
        description: a.description,
        link: a.link,
        imageUrl: a.image_url,
        publishedAt: new Date(a.visible_at).toISOString(),
        adminId: Number(a.created_by),
      });
    await this.announcements.markPublished(
      m,
      due.map((a) => a.id),
      now,
    );
    return due.length;
  }

  /** The scheduler's pass: every page of due announcements. */
  async tick(now: Date): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.announcements.transaction((m) => this.publishDue(m, now));
      total += n;
      if (n < PAGE) return total;
    }
  }
}
