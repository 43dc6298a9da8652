import { randomUUID } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';

import type { notify } from '@trafficshare/contracts';
import { callerOf, isAdmin, requireRole, type UserId } from '@trafficshare/identity';
import { CONFIG } from '@trafficshare/service-kit';

import { NotifyAdminAudit } from '../common/admin-audit';
import { NotifyErrorCode as Code, NotifyException } from '../common/notify.exception';
import type { AppConfig } from '../config';
import { NotificationsRepository } from '../notifications/notifications.repository';
import { RecipientsRepository } from '../recipients/recipients.repository';
import { ADMIN_TEXTS, BOT_TEXTS } from '../telegram/bot-texts';
import { adminChatOf } from '../telegram/bot.config';
import { BotRepository } from '../telegram/bot.repository';
import { ATTACHMENT_MEDIA, isImage, sniffAttachment } from './file-type';
import { SupportStorage } from './support-storage';
import {
  SupportRepository,
  type ReplyRow,
  type TicketRow,
  type TicketStatus,
} from './support.repository';

export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const STATUSES: readonly TicketStatus[] = ['new', 'read', 'replied', 'closed'];
// eslint-disable-next-line no-control-regex -- refusing control characters (but \t \n \r) is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

const iso = (d: Date | null): string => (d ? d.toISOString() : '');

function toProto(t: TicketRow, replies: readonly ReplyRow[]): notify.SupportTicket {
  return {
    id: t.id,
    telegramId: Number(t.telegram_id),
    subject: t.subject,
    message: t.message,
    status: t.status,
    attachmentType: t.attachment_type ?? '',
    attachmentSize: t.attachment_size ?? 0,
    attachmentName: t.attachment_name ?? '',
    createdAt: iso(t.created_at),
    updatedAt: iso(t.updated_at),
    closedAt: iso(t.closed_at),
    replies: replies
      .filter((r) => r.ticket_id === t.id)
      .map((r) => ({ id: r.id, message: r.message, createdAt: iso(r.created_at) })),
  };
}

function text(value: string, max: number, what: string): string {
  const v = value.trim();
  if (!v || v.length > max || CONTROL.test(v))
    throw new NotifyException(Code.InvalidTicket, `${what} must be 1-${max} printable characters`);
  return v;
}

/** A client's file name, reduced to something safe to show (never used as a path). */
function displayName(name: string, type: string): string {
  const base = name
    .split(/[\\/]/)
    .pop()!
    .replace(/[^\w.\- ]/g, '_')
    .slice(0, 100);
  return base || `attachment.${type === 'jpeg' ? 'jpg' : type}`;
}

/**
 * Support tickets: users write (with one optional attachment, its type decided by its bytes),
 * read their own history; admins list, read (a new ticket becomes read), reply and close. Each
 * new ticket is forwarded to the admin chat (text, then the file by sendPhoto/sendDocument);
 * each reply reaches the user in the app (notification → push) and through the bot.
 */
@Injectable()
export class SupportService {
  constructor(
    private readonly repo: SupportRepository,
    private readonly storage: SupportStorage,
    private readonly bot: BotRepository,
    private readonly notifications: NotificationsRepository,
    private readonly recipients: RecipientsRepository,
    private readonly audit: NotifyAdminAudit,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  async send(req: notify.SendSupportRequestRequest): Promise<notify.SendSupportRequestResponse> {
    const caller = callerOf(req.caller);
    const subject = text(req.subject, 255, 'subject');
    const message = text(req.message, 5000, 'message');
    const file = req.attachment;
    let attachment: { key: string; type: string; size: number; name: string } | undefined;
    let bytes: Buffer | undefined;
    const id = randomUUID();
    if (file && file.content.length > 0) {
      bytes = Buffer.from(file.content);
      if (bytes.length > MAX_ATTACHMENT_BYTES)
        throw new NotifyException(Code.AttachmentTooLarge, 'The attachment is larger than 5 MB');
      const type = sniffAttachment(bytes);
      if (!type)
        throw new NotifyException(
          Code.UnsupportedAttachment,
          'The attachment must be a PNG, JPEG or WebP image or a PDF (checked by its content)',
        );
      const ext = type === 'jpeg' ? 'jpg' : type;
      attachment = {
        key: `tickets/${new Date().toISOString().slice(0, 7)}/${id}.${ext}`,
        type,
        size: bytes.length,
        name: displayName(file.filename, type),
      };
    }
    const ticket = await this.repo.transaction(async (m) => {
      const now = new Date();
      if (!isAdmin(caller) && this.config.SUPPORT_RATE_LIMIT_S > 0) {
        await this.repo.lockOwner(m, caller.telegramId);
        const last = await this.repo.lastCreatedAt(m, caller.telegramId);
        const waitMs = last
          ? last.getTime() + this.config.SUPPORT_RATE_LIMIT_S * 1000 - now.getTime()
          : 0;
        if (waitMs > 0) {
          const retryAfterS = Math.ceil(waitMs / 1000);
          throw new NotifyException(
            Code.SupportRateLimited,
            `One support request per ${this.config.SUPPORT_RATE_LIMIT_S} s; retry in ${retryAfterS} s`,
            { retry_after_s: retryAfterS },
          );
        }
      }
      const row = await this.repo.insert(
        m,
        { id, telegramId: caller.telegramId, subject, message, attachment },
        now,
      );
      const adminChat = adminChatOf(this.config);
      if (adminChat !== 0) {
        await this.bot.enqueue(
          m,
          [
            {
              chatId: adminChat,
              audience: 'admin',
              text: ADMIN_TEXTS.support(this.config.TELEGRAM_ADMIN_LANGUAGE, {
                id,
                telegramId: caller.telegramId,
                subject,
                message,
              }),
              sourceKey: `support:${id}:text`,
            },
            ...(attachment
              ? [
                  {
                    chatId: adminChat,
                    audience: 'admin' as const,
                    text: ADMIN_TEXTS.attachment(this.config.TELEGRAM_ADMIN_LANGUAGE, id),
                    file: {
                      key: attachment.key,
                      name: attachment.name,
                      kind: isImage(attachment.type as never)
                        ? ('photo' as const)
                        : ('document' as const),
                    },
                    sourceKey: `support:${id}:file`,
                    notBefore: new Date(now.getTime() + 1),
                  },
                ]
              : []),
          ],
          now,
        );
      }
      // Stored before the commit: a failed write rolls the ticket back.
      if (attachment && bytes)
        await this.storage.put(attachment.key, bytes, ATTACHMENT_MEDIA[attachment.type as never]);
      return row;
    });
    return { ticket: toProto(ticket, []) };
  }

  async history(req: notify.ListSupportTicketsRequest): Promise<notify.ListSupportTicketsResponse> {
    const caller = callerOf(req.caller);
    const page = await this.repo.page(
      { owner: caller.telegramId },
      clamp(req.limit, 20, 1, 100),
      Math.max(req.offset, 0),
    );
    const replies = await this.repo.repliesOf(
      undefined,
      page.rows.map((r) => r.id),
    );
    return { tickets: page.rows.map((t) => toProto(t, replies)), total: page.total };
  }

  async get(req: notify.GetSupportTicketRequest): Promise<notify.GetSupportTicketResponse> {
    const caller = callerOf(req.caller);
    const id = ticketId(req.id);
    return this.repo.transaction(async (m) => {
      let ticket = await this.repo.find(m, id, isAdmin(caller));
      // Another user's ticket is answered exactly like a missing one.
      if (!ticket || (Number(ticket.telegram_id) !== caller.telegramId && !isAdmin(caller)))
        throw new NotifyException(Code.TicketNotFound, 'No such support ticket');
      if (isAdmin(caller) && ticket.status === 'new')
        ticket = await this.repo.setStatus(m, id, 'read', new Date());
      return { ticket: toProto(ticket, await this.repo.repliesOf(m, [id])) };
    });
  }

  async adminList(
    req: notify.AdminListSupportTicketsRequest,
  ): Promise<notify.AdminListSupportTicketsResponse> {
    const caller = callerOf(req.caller);
    requireRole(caller, 'superadmin');
    if (req.status && !STATUSES.includes(req.status as TicketStatus))
      throw new NotifyException(Code.InvalidTicket, 'status must be new, read, replied or closed');
    const page = await this.repo.page(
      {
        owner: req.telegramId > 0 ? req.telegramId : undefined,
        status: (req.status || undefined) as TicketStatus | undefined,
      },
      clamp(req.limit, 50, 1, 200),
      Math.max(req.offset, 0),
    );
    const replies = await this.repo.repliesOf(
      undefined,
      page.rows.map((r) => r.id),
    );
    return { tickets: page.rows.map((t) => toProto(t, replies)), total: page.total };
  }

  async reply(req: notify.ReplySupportTicketRequest): Promise<notify.ReplySupportTicketResponse> {
    const caller = callerOf(req.caller);
    requireRole(caller, 'superadmin');
    const id = ticketId(req.id);
    const message = req.message.trim();
    if (!message || message.length > 4000 || CONTROL.test(message))
      throw new NotifyException(Code.InvalidReply, 'message must be 1-4000 printable characters');
    return this.repo.transaction(async (m) => {
      const ticket = await this.repo.find(m, id, true);
      if (!ticket) throw new NotifyException(Code.TicketNotFound, 'No such support ticket');
      if (ticket.status === 'closed')
        throw new NotifyException(Code.TicketClosed, 'The ticket is closed');
      const now = new Date();
      const replyId = randomUUID();
      await this.repo.addReply(
        m,
        { id: replyId, ticketId: id, adminId: caller.telegramId, message },
        now,
      );
      const updated = await this.repo.setStatus(m, id, 'replied', now);
      await this.audit.record(m, caller, 'support.reply', `ticket:${id}`, {
        owner: Number(ticket.telegram_id),
        reply_id: replyId,
        message,
      });
      const owner = Number(ticket.telegram_id) as UserId;
      const lang = (await this.recipients.languages(m, [owner])).get(owner) ?? 'en';
      const texts = BOT_TEXTS.supportReply(lang, ticket.subject);
      // The in-app notification; the push dispatcher and the bot copy (support type) follow it.
      await this.notifications.add(
        m,
        [
          {
            telegramId: owner,
            type: 'support',
            title: texts.title,
            body: `${texts.subject}\n${message}`.slice(0, 2000),
            data: { type: 'support', ticket_id: id },
            sourceKey: `support-reply:${replyId}`,
          },
        ],
        now,
      );
      return { ticket: toProto(updated, await this.repo.repliesOf(m, [id])) };
    });
  }

  async close(req: notify.CloseSupportTicketRequest): Promise<notify.CloseSupportTicketResponse> {
    const caller = callerOf(req.caller);
    requireRole(caller, 'superadmin');
    const id = ticketId(req.id);
    return this.repo.transaction(async (m) => {
      const ticket = await this.repo.find(m, id, true);
      if (!ticket) throw new NotifyException(Code.TicketNotFound, 'No such support ticket');
      if (ticket.status === 'closed')
        return { ticket: toProto(ticket, await this.repo.repliesOf(m, [id])) };
      const closed = await this.repo.setStatus(m, id, 'closed', new Date());
      await this.audit.record(m, caller, 'support.close', `ticket:${id}`, {
        owner: Number(ticket.telegram_id),
        was: ticket.status,
      });
      return { ticket: toProto(closed, await this.repo.repliesOf(m, [id])) };
    });
  }
}

function ticketId(id: string): string {
  if (!UUID.test(id)) throw new NotifyException(Code.TicketNotFound, 'No such support ticket');
  return id.toLowerCase();
}

function clamp(value: number, fallback: number, min: number, max: number): number {
  return Math.min(Math.max(value || fallback, min), max);
}
