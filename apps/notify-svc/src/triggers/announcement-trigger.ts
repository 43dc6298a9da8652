import { Injectable } from '@nestjs/common';

import { ServiceConsumers } from '@trafficshare/service-kit';

import { CATALOGUE } from '../common/catalogue';
import { Notifier } from './notifier';

/** A published announcement (the admin ticked "push"): one notification to every user with
 *  system updates on, its title prefixed in their language. */
@Injectable()
export class AnnouncementTrigger {
  constructor(consumers: ServiceConsumers, notifier: Notifier) {
    consumers.on('AnnouncementPublished', { durable: 'notify-announcement' }, async (e, tx) => {
      const m = e.message;
      await notifier.everyone(tx, 'system', (p, owner) => ({
        type: 'news',
        ...CATALOGUE.announcement(p.language, m.title, m.description),
        data: { type: 'news', announcement_id: m.announcementId, link: m.link },
        sourceKey: `news:${m.announcementId}:${owner}`,
        eventAt: e.occurredAt,
      }));
    });
  }
}
