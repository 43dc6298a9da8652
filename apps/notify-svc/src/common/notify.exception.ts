import { DomainException, type ErrorKind } from '@trafficshare/grpc';

export enum NotifyErrorCode {
  InvalidDevice = 'invalid_device',
  InvalidToken = 'invalid_fcm_token',
  InvalidPlatform = 'invalid_platform',
  InvalidIds = 'invalid_notification_ids',
  InvalidAck = 'invalid_ack',
  InvalidPush = 'invalid_push',
  PushJobNotFound = 'push_job_not_found',
  InvalidAnnouncement = 'invalid_announcement',
  AnnouncementNotFound = 'announcement_not_found',
  PromoUnavailable = 'promo_unavailable',
  // Telegram bot and support
  InvalidWebhookSecret = 'invalid_webhook_secret',
  InvalidUpdate = 'invalid_update',
  InvalidTicket = 'invalid_support_request',
  UnsupportedAttachment = 'unsupported_attachment',
  AttachmentTooLarge = 'attachment_too_large',
  SupportRateLimited = 'support_rate_limited',
  TicketNotFound = 'support_ticket_not_found',
  TicketClosed = 'support_ticket_closed',
  InvalidReply = 'invalid_support_reply',
}

const KIND: Record<NotifyErrorCode, ErrorKind> = {
  [NotifyErrorCode.InvalidDevice]: 'invalid_argument',
  [NotifyErrorCode.InvalidToken]: 'invalid_argument',
  [NotifyErrorCode.InvalidPlatform]: 'invalid_argument',
  [NotifyErrorCode.InvalidIds]: 'invalid_argument',
  [NotifyErrorCode.InvalidAck]: 'invalid_argument',
  [NotifyErrorCode.InvalidPush]: 'invalid_argument',
  [NotifyErrorCode.PushJobNotFound]: 'not_found',
  [NotifyErrorCode.InvalidAnnouncement]: 'invalid_argument',
  [NotifyErrorCode.AnnouncementNotFound]: 'not_found',
  [NotifyErrorCode.PromoUnavailable]: 'unavailable',
  [NotifyErrorCode.InvalidWebhookSecret]: 'unauthenticated',
  [NotifyErrorCode.InvalidUpdate]: 'invalid_argument',
  [NotifyErrorCode.InvalidTicket]: 'invalid_argument',
  [NotifyErrorCode.UnsupportedAttachment]: 'invalid_argument',
  [NotifyErrorCode.AttachmentTooLarge]: 'payload_too_large',
  [NotifyErrorCode.SupportRateLimited]: 'rate_limited',
  [NotifyErrorCode.TicketNotFound]: 'not_found',
  [NotifyErrorCode.TicketClosed]: 'failed_precondition',
  [NotifyErrorCode.InvalidReply]: 'invalid_argument',
};

export class NotifyException extends DomainException {
  constructor(code: NotifyErrorCode, message: string, details?: Record<string, unknown>) {
    super(KIND[code], code, message, details);
  }
}
