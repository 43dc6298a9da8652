import type { notify } from '@trafficshare/contracts';

import type { NotificationJson } from './notifications.contract';

const orNull = (iso: string): string | null => iso || null;

export function notificationJson(n: notify.Notification): NotificationJson {
  return {
    id: n.id,
    type: n.type,
    title: n.title,
    body: n.body,
    created_at: n.createdAt,
    delivered_at: orNull(n.deliveredAt),
    opened_at: orNull(n.openedAt),
    read_at: orNull(n.readAt),
  };
}
