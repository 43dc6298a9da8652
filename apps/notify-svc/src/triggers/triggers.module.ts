import { Module } from '@nestjs/common';

import { NewsModule } from '../news/news.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { AnnouncementTrigger } from './announcement-trigger';
import { EarningsReports } from './earnings-reports';
import { EventTriggers } from './event-triggers';
import { Notifier } from './notifier';
import { PayoutTriggers } from './payout-triggers';
import { ReferralTriggers } from './referral-triggers';
import { Scheduler } from './scheduler';
import { SessionSummaries } from './session-summaries';
import { TriggerStore } from './trigger-store';

/** Events and time turned into notifications. */
@Module({
  imports: [NotificationsModule, NewsModule],
  providers: [
    Notifier,
    TriggerStore,
    EventTriggers,
    PayoutTriggers,
    ReferralTriggers,
    AnnouncementTrigger,
    SessionSummaries,
    EarningsReports,
    Scheduler,
  ],
})
export class TriggersModule {}
