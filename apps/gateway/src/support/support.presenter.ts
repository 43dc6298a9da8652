import type { notify } from '@trafficshare/contracts';

import type { SupportTicketJson } from './support.contract';

type AttachmentType = NonNullable<SupportTicketJson['attachment']>['type'];

export function supportTicketJson(t: notify.SupportTicket): SupportTicketJson {
  return {
    id: t.id,
    telegram_id: t.telegramId,
    subject: t.subject,
    message: t.message,
    status: t.status as SupportTicketJson['status'],
    attachment: t.attachmentType
      ? { type: t.attachmentType as AttachmentType, size: t.attachmentSize, name: t.attachmentName }
      : null,
    created_at: t.createdAt,
    updated_at: t.updatedAt,
    closed_at: t.closedAt || null,
    replies: t.replies.map((r) => ({ id: r.id, message: r.message, created_at: r.createdAt })),
  };
}

export function requireTicket(t: notify.SupportTicket | undefined): notify.SupportTicket {
  if (!t) throw new Error('notify-svc answered without a ticket');
  return t;
}
