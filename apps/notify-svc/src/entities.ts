import { FilterMinuteEntity, PayoutWatchEntity } from './admin-alerts/admin-alerts.entities';
import { DeviceEntity } from './devices/device.entity';
import { AnnouncementEntity } from './news/announcement.entity';
import { NotificationEntity } from './notifications/notification.entity';
import { PushJobEntity } from './push/push-job.entity';
import { RecipientEntity } from './recipients/recipient.entity';
import {
  EarningsDayEntity,
  LiveSessionEntity,
  ReferralDayEntity,
  ReportRunEntity,
} from './triggers/trigger.entities';
import { SupportReplyEntity, SupportTicketEntity } from './support/support.entities';
import { BotChatEntity, BotMessageEntity } from './telegram/bot.entities';

// Entities of the notify schema; the outbox and inbox tables are added by the service kit.
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const ENTITIES: Function[] = [
  DeviceEntity,
  NotificationEntity,
  RecipientEntity,
  AnnouncementEntity,
  EarningsDayEntity,
  ReferralDayEntity,
  ReportRunEntity,
  LiveSessionEntity,
  // Telegram bot, support, admin alerts
  BotChatEntity,
  BotMessageEntity,
  SupportTicketEntity,
  SupportReplyEntity,
  PayoutWatchEntity,
  FilterMinuteEntity,
  // Admin pushes to segments
  PushJobEntity,
];
